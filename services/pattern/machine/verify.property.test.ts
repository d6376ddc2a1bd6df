// The machine's array-consistent search (verify.ts) against the reference matcher on events made of
// arrays: many elements, arrays inside elements, several leaves of one path per element, leaves of one
// path in and out of an array (dotted keys), so that the search's shortcuts (skipping a repeated array
// position, jumping over ruled-out elements, the failed-state memo) meet every layout. The general
// property tests (properties.test.ts) draw arrays of at most three elements, which is too few for a
// wrong jump to show.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesPattern, RuleMachine } from '../index.ts';

const PATHS = ['x.a', 'x.b', 'x.c', 'x.y.a', 'x.y.b'] as const;
const small = fc.integer({ min: 0, max: 2 });
const matchers = fc.oneof(
  small.map((n) => [n]),
  small.map((n) => [{ numeric: ['>', n - 1] }]),
  small.map((n) => [{ 'anything-but': [n] }]),
  fc.constant([{ exists: false }]),
  fc.constant([{ exists: true }]),
  fc.tuple(small, small).map(([a, b]) => [a, { exists: false }, b]),
);
/** Two to four conditions on paths that meet under `x` (and under `x.y`). */
const pattern = fc
  .uniqueArray(fc.constantFrom(...PATHS), { minLength: 2, maxLength: 4 })
  .chain((paths) => fc.tuple(...paths.map((p) => matchers.map((m) => [p, m] as const))))
  .map((conditions) => {
    const x: Record<string, unknown> = {};
    for (const [path, m] of conditions) {
      const [, first, second] = path.split('.') as [string, string, string | undefined];
      if (second === undefined) x[first] = m;
      else x[first] = { ...(x[first] as object | undefined), [second]: m };
    }
    return { x };
  });

const leafValue = fc.oneof(small, small.map(String), fc.constant(null));
const leaves = fc.oneof(
  { weight: 2, arbitrary: leafValue },
  { weight: 1, arbitrary: fc.array(leafValue, { maxLength: 4 }) },
);
const inner = fc.record({ a: leaves, b: leaves }, { requiredKeys: [] });
const element = fc.record(
  {
    a: leaves,
    b: leaves,
    c: leaves,
    y: fc.oneof(inner, fc.array(inner, { maxLength: 4 })),
    'y.a': leaves,
  },
  { requiredKeys: [] },
);
/**
 * `x` as one object, an array of up to 8 elements, or arrays of such arrays; with dotted keys (the same
 * paths, outside every array of `x`) before or after it.
 */
const event = fc
  .tuple(
    fc.oneof(
      element,
      fc.array(element, { maxLength: 8 }),
      fc.array(fc.array(element, { maxLength: 3 }), { maxLength: 3 }),
    ),
    fc.record({ 'x.a': leaves, 'x.b': leaves, 'x.y.a': leaves }, { requiredKeys: [] }),
    fc.boolean(),
  )
  .map(([x, dotted, dottedFirst]) => (dottedFirst ? { ...dotted, x } : { x, ...dotted }));

describe('the array-consistent search', () => {
  it('agrees with the reference matcher on array-heavy events, from text and from objects', () => {
    let matched = 0;
    fc.assert(
      fc.property(pattern, fc.array(event, { minLength: 1, maxLength: 4 }), (p, events) => {
        const machine = new RuleMachine();
        machine.add('r', p);
        for (const e of events) {
          const want = matchesPattern(p, e) ? ['r'] : [];
          if (want.length > 0) matched++;
          expect(machine.match(e), JSON.stringify(e)).toEqual(want);
          expect(machine.match(JSON.stringify(e))).toEqual(want);
        }
      }),
      { numRuns: 1500 },
    );
    expect(matched).toBeGreaterThan(300);
  });

  it.each([
    [
      'the only matching element comes last',
      200,
      (i: number, n: number) => ({ a: 1, b: i === n - 1 ? 1 : 0 }),
    ],
    ['the only matching element comes first', 200, (i: number) => ({ a: 1, b: i === 0 ? 1 : 0 })],
    ['a and b never share an element', 200, (i: number) => (i % 2 === 0 ? { a: 1 } : { b: 1 })],
    ['every element holds many leaves', 40, () => ({ a: [0, 1, 1, 1], b: [0, 0, 1] })],
  ])('on many elements: %s', (_name, n, make) => {
    const p = { x: { a: [1], b: [1] } };
    const x = Array.from({ length: n }, (_, i) => make(i, n));
    const machine = new RuleMachine();
    machine.add('r', p);
    const want = matchesPattern(p, { x }) ? ['r'] : [];
    expect(machine.match({ x })).toEqual(want);
    expect(machine.match(JSON.stringify({ x }))).toEqual(want);
    expect(machine.match(JSON.stringify({ x: [[], ...x, { y: [] }] }))).toEqual(want);
  });
});

describe('hand-picked layouts where a wrong jump would show', () => {
  const p = { x: { a: [1], b: [1] } };
  it.each([
    ['the consistent leaf right after a ruled-out last element', { x: [{ a: 1 }, { b: 0 }], 'x.b': 1 }, true],
    ['the consistent leaf right before the chosen element', { 'x.b': 1, x: [{ b: 0 }, { a: 1 }] }, true],
    [
      'the chosen element holds the leaf after others',
      { x: [{ b: 1 }, { b: 0 }, { a: 1, b: [0, 1] }] },
      true,
    ],
    ['no element holds both', { x: [{ b: 1 }, { a: 1, b: 0 }, { b: 1 }] }, false],
    ['nested arrays, the leaf in a sibling inner array', { x: [[{ a: 1 }], [{ b: 1 }]] }, false],
    ['nested arrays, both in one inner element', { x: [[{ b: 1 }], [{ b: 0 }, { a: 1, b: 1 }]] }, true],
  ])('%s', (_name, event, want) => {
    expect(matchesPattern(p, event)).toBe(want);
    const machine = new RuleMachine();
    machine.add('r', p);
    expect(machine.match(event)).toEqual(want ? ['r'] : []);
    expect(machine.match(JSON.stringify(event))).toEqual(want ? ['r'] : []);
  });
});
