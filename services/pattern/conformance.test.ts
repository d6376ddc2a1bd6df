// Every shared conformance case (AWS's recorded answers and event-ruler's assertions, see
// conformance/README.md) against both the reference matcher and the compiled RuleMachine.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchesPattern, PatternError, RuleMachine } from './index.ts';

interface Case {
  id: string;
  source: 'localstack' | 'event-ruler';
  pattern: unknown;
  patternText?: string;
  event: unknown;
  eventText?: string;
  expect: 'match' | 'nomatch' | 'invalid';
  error?: string;
  invalidInput?: 'event';
}

const cases = JSON.parse(
  readFileSync(new URL('./conformance/eventbridge-patterns.json', import.meta.url), 'utf8'),
) as Case[];

/** The text where a JSON.parse round trip would change it; raw string patterns go to the parser as text. */
const patternOf = (c: Case): string | object => c.patternText ?? (c.pattern as string | object);
const eventOf = (c: Case): string | object => c.eventText ?? (c.event as object);

const matchers: Array<[string, (pattern: string | object, event: string | object) => boolean]> = [
  ['reference matcher', (p, e) => matchesPattern(p, e)],
  [
    'RuleMachine',
    (p, e) => {
      const machine = new RuleMachine();
      machine.add('rule', p);
      return machine.match(e).includes('rule');
    },
  ],
];

describe.each(matchers)('conformance: %s', (_name, match) => {
  it('has the 660 shared cases', () => {
    expect(cases).toHaveLength(660);
  });

  // The 3 cases whose *event* AWS rejects (not a JSON object with the envelope fields) belong to the
  // API layer (PutEvents/TestEventPattern validation), not to a matcher: skipped here on purpose.
  const matching = cases.filter((c) => c.expect !== 'invalid');
  const invalid = cases.filter((c) => c.expect === 'invalid' && c.invalidInput !== 'event');

  it.each(matching.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(match(patternOf(c), eventOf(c)) ? 'match' : 'nomatch').toBe(c.expect);
  });

  it.each(invalid.map((c) => [c.id, c] as const))('%s is rejected', (_id, c) => {
    let thrown: unknown;
    try {
      match(patternOf(c), eventOf(c));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PatternError);
    // AWS's own words for AWS-recorded cases; event-ruler cases carry the Java library's text.
    if (c.source === 'localstack' && c.error !== undefined) expect((thrown as Error).message).toBe(c.error);
  });
});
