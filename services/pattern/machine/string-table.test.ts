import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringTable } from './string-table.ts';

// Keys drawn from a small alphabet so that probe runs, wrap-around and backward shifts all happen.
const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 3 });
const op = fc.oneof(
  fc.tuple(fc.constant('set' as const), key, fc.nat({ max: 1000 })),
  fc.tuple(fc.constant('delete' as const), key, fc.constant(0)),
);

describe('StringTable', () => {
  it('behaves as a Map under any sequence of sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const table = new StringTable();
        const model = new Map<string, number>();
        for (const [kind, k, v] of ops) {
          if (kind === 'set') {
            table.set(k, v);
            model.set(k, v);
          } else {
            table.delete(k);
            model.delete(k);
          }
          expect(table.size).toBe(model.size);
        }
        for (const k of ['', 'a', 'b', 'c', 'ab', 'ba', 'abc', 'cab', 'ccc', 'zz'])
          expect(table.get(k)).toBe(model.get(k) ?? -1);
      }),
      { numRuns: 300 },
    );
  });
});
