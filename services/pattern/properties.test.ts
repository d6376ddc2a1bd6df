// The compiled RuleMachine against the reference matcher, on random patterns × random events drawn
// so that matches are common. Run counts are set so that a one-operator bug (e.g. `>=` read as `>`)
// is found in every run, while the folder stays well under a minute on a 2-core machine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { event, pattern, patternAndEvent } from './pattern-arbitraries.ts';
import { matchesPattern, parsePattern, RuleMachine } from './index.ts';

function validPattern(p: object): boolean {
  try {
    parsePattern(p);
    return true;
  } catch {
    return false;
  }
}

const validPatterns = pattern.filter(validPattern);

describe('RuleMachine agrees with the reference matcher', () => {
  it('on one rule, from the event object and from its text', () => {
    let matched = 0;
    fc.assert(
      fc.property(patternAndEvent(validPatterns), ([p, e]) => {
        const want = matchesPattern(p, e);
        if (want) matched++;
        const machine = new RuleMachine();
        machine.add('r', p);
        expect(machine.match(e)).toEqual(want ? ['r'] : []);
        expect(machine.match(JSON.stringify(e))).toEqual(want ? ['r'] : []);
      }),
      { numRuns: 3000 },
    );
    // The generators are only useful if matches are common.
    expect(matched).toBeGreaterThan(300);
  });

  it('a machine of N rules gives the names N single checks give', () => {
    fc.assert(
      fc.property(
        fc.array(patternAndEvent(validPatterns), { minLength: 1, maxLength: 12 }),
        fc.array(event, { maxLength: 2 }),
        (pairs, noise) => {
          const patterns = pairs.map(([p]) => p);
          const events = [...pairs.map(([, e]) => e), ...noise];
          const machine = new RuleMachine();
          patterns.forEach((p, i) => machine.add(`r${i}`, p));
          expect(machine.size).toBe(patterns.length);
          for (const e of events) {
            const want = patterns.flatMap((p, i) => (matchesPattern(p, e) ? [`r${i}`] : []));
            expect(machine.match(e).sort()).toEqual(want.sort());
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('adding then removing a rule leaves the machine as it was', () => {
    fc.assert(
      fc.property(
        fc.array(validPatterns, { maxLength: 6 }),
        validPatterns,
        fc.array(event, { minLength: 1, maxLength: 5 }),
        (patterns, extra, events) => {
          const machine = new RuleMachine();
          patterns.forEach((p, i) => machine.add(`r${i}`, p));
          const before = events.map((e) => machine.match(e).sort());
          machine.add('extra', extra);
          expect(machine.remove('extra')).toBe(true);
          expect(machine.remove('extra')).toBe(false);
          expect(machine.size).toBe(patterns.length);
          expect(events.map((e) => machine.match(e).sort())).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any interleaving of add, replace, remove and match answers as a machine built afresh', () => {
    const name = fc.constantFrom('r0', 'r1', 'r2', 'r3');
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), name, pair: patternAndEvent(validPatterns) }),
      fc.record({ kind: fc.constant('remove' as const), name }),
      fc.record({ kind: fc.constant('match' as const), event }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 16 }), (ops) => {
        const machine = new RuleMachine();
        const live = new Map<string, object>();
        // Events drawn for every pattern ever added, removed ones included: a removed rule that
        // still answered would show on them.
        const events: object[] = [];
        for (const o of ops) {
          if (o.kind === 'add') {
            machine.add(o.name, o.pair[0]);
            live.set(o.name, o.pair[0]);
            events.push(o.pair[1]);
          } else if (o.kind === 'remove') expect(machine.remove(o.name)).toBe(live.delete(o.name));
          else machine.match(o.event);
        }
        const fresh = new RuleMachine();
        for (const [n, p] of live) fresh.add(n, p);
        expect(machine.size).toBe(live.size);
        for (const e of events) expect(machine.match(e).sort()).toEqual(fresh.match(e).sort());
      }),
      { numRuns: 500 },
    );
  });
});
