// "Explains a match" ⇔ "the engine matches", over the drawn patterns and events of the engine's own
// property tests and over every shared conformance case; and each miss is the branch's first
// refused condition: the conditions before it are accepted together, adding it is refused.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesPattern, parsePattern, PatternError, RuleMachine } from '../index.ts';
import { patternAndEvent, pattern } from '../pattern-arbitraries.ts';
import type { CompiledPattern } from '../pattern-model.ts';
import { explainMatch, type Explanation } from './explain-match.ts';

function validPattern(p: object): boolean {
  try {
    parsePattern(p);
    return true;
  } catch {
    return false;
  }
}

function machineMatches(p: string | object, e: string | object): boolean {
  const machine = new RuleMachine();
  machine.add('r', p);
  return machine.match(e).includes('r');
}

/** Each miss names the condition where the branch's accepted prefix ends. */
function missesAreFirstRefusals(p: string | object, e: string | object, x: Explanation): void {
  const compiled = parsePattern(p);
  compiled.branches.forEach((branch, i) => {
    const verdict = x.branches[i]!;
    const one = (conditions: typeof branch): CompiledPattern => ({
      kind: 'compiled-pattern',
      branches: [conditions],
    });
    expect(verdict.matches).toBe(matchesPattern(one(branch), e));
    if (verdict.matches) return;
    const at = branch.findIndex((c) => c.path === verdict.miss!.field);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(matchesPattern(one(branch.slice(0, at)), e)).toBe(true);
    expect(matchesPattern(one(branch.slice(0, at + 1)), e)).toBe(false);
  });
}

describe('explanations agree with the engine', () => {
  it('on drawn patterns and events', () => {
    let matched = 0;
    fc.assert(
      fc.property(patternAndEvent(pattern.filter(validPattern)), ([p, e]) => {
        const x = explainMatch(p, e);
        if (x.matches) matched++;
        expect(x.matches).toBe(matchesPattern(p, e));
        expect(x.matches).toBe(machineMatches(p, e));
        expect(x.branches).toHaveLength(parsePattern(p).branches.length);
        missesAreFirstRefusals(p, e, x);
      }),
      { numRuns: 1500 },
    );
    expect(matched).toBeGreaterThan(150);
  });

  interface Case {
    id: string;
    pattern: unknown;
    patternText?: string;
    event: unknown;
    eventText?: string;
    expect: 'match' | 'nomatch' | 'invalid';
  }
  const cases = (
    JSON.parse(
      readFileSync(new URL('../conformance/eventbridge-patterns.json', import.meta.url), 'utf8'),
    ) as Case[]
  ).filter((c) => c.expect !== 'invalid');

  it.each(cases.map((c) => [c.id, c] as const))('conformance %s', (_id, c) => {
    const p = c.patternText ?? (c.pattern as object);
    const e = c.eventText ?? (c.event as object);
    const x = explainMatch(p, e);
    expect(x.matches ? 'match' : 'nomatch').toBe(c.expect);
    expect(x.matches).toBe(machineMatches(p, e));
    missesAreFirstRefusals(p, e, x);
  });

  it('refuses an invalid pattern with AWS’s message', () => {
    expect(() => explainMatch({ a: [] }, { a: 1 })).toThrow(PatternError);
  });
});
