// fast-check generators for the property tests: patterns and events drawn from the same small pools
// of names and values, so that matches are common and every operator meets values on both sides of
// its boundary (e.g. numeric bounds drawn from the event numbers themselves).
import fc from 'fast-check';

// 'a.b' as a key names the same path as {"a": {"b": …}}.
const NAMES = ['a', 'b', 'c', 'a.b'];
const STRINGS = ['x', 'y', 'xy', 'yx', 'X', '', 'x*y', '10.0.0.1', '10.0.1.7', '2001:db8::1'];
const NUMBERS = [0, 1, 1.5, -2, 300, 1000];

export const scalar = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
);

type EventValue = unknown;

export const eventValue: fc.Arbitrary<EventValue> = fc.letrec<{
  value: EventValue;
  object: Record<string, EventValue>;
}>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
    { weight: 1, arbitrary: tie('object') },
    { weight: 1, arbitrary: fc.array(tie('object'), { maxLength: 3 }) },
  ),
  object: fc.dictionary(fc.constantFrom(...NAMES), tie('value'), { maxKeys: 3 }),
})).object;

export const event = fc.dictionary(fc.constantFrom(...NAMES), eventValue, {
  minKeys: 1,
  maxKeys: 3,
}) as fc.Arbitrary<Record<string, unknown>>;

const text = fc.constantFrom(...STRINGS.filter((s) => s !== ''), 'x', 'y');
const number = fc.constantFrom(...NUMBERS);

export const matchExpression: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  scalar,
  text.map((s) => ({ prefix: s })),
  text.map((s) => ({ suffix: s })),
  text.map((s) => ({ prefix: { 'equals-ignore-case': s } })),
  text.map((s) => ({ suffix: { 'equals-ignore-case': s } })),
  text.map((s) => ({ 'equals-ignore-case': s })),
  fc.constantFrom('x*', '*y', '*', 'x*y', '', 'x\\*y').map((w) => ({ wildcard: w })),
  text.map((s) => ({ 'anything-but': s })),
  fc.array(text, { minLength: 1, maxLength: 2 }).map((l) => ({ 'anything-but': l })),
  fc.array(number, { minLength: 1, maxLength: 2 }).map((l) => ({ 'anything-but': l })),
  text.map((s) => ({ 'anything-but': { prefix: s } })),
  text.map((s) => ({ 'anything-but': { suffix: s } })),
  text.map((s) => ({ 'anything-but': { 'equals-ignore-case': s } })),
  fc.constantFrom('x*', '*y').map((w) => ({ 'anything-but': { wildcard: w } })),
  fc.tuple(fc.constantFrom('=', '<', '<=', '>', '>='), number).map(([op, n]) => ({ numeric: [op, n] })),
  fc
    .tuple(fc.constantFrom('>', '>='), number, fc.constantFrom('<', '<='), number)
    .filter(([, lo, , hi]) => lo < hi)
    .map(([a, lo, b, hi]) => ({ numeric: [a, lo, b, hi] })),
  fc.constantFrom('10.0.0.0/24', '10.0.0.0/8', '2001:db8::/32').map((c) => ({ cidr: c })),
  fc.boolean().map((b) => ({ exists: b })),
);

const leafList = fc.array(matchExpression, { minLength: 1, maxLength: 3 });

export const pattern: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{
  node: Record<string, unknown>;
  field: unknown;
}>((tie) => ({
  field: fc.oneof(
    { depthSize: 'small' },
    { weight: 3, arbitrary: leafList },
    { weight: 1, arbitrary: tie('node') },
  ),
  node: fc
    .tuple(
      fc.dictionary(fc.constantFrom(...NAMES), tie('field'), { minKeys: 1, maxKeys: 2 }),
      fc.option(
        fc.array(fc.dictionary(fc.constantFrom(...NAMES), leafList, { minKeys: 1, maxKeys: 2 }), {
          minLength: 2,
          maxLength: 2,
        }),
        { freq: 4 },
      ),
    )
    .map(([fields, or]) => (or === null ? fields : { ...fields, $or: or })),
})).node;

/** A value that the match expression is likely to accept (or to just miss). */
function near(m: unknown): fc.Arbitrary<unknown> {
  if (m === null || typeof m !== 'object') return fc.constant(m);
  const [op, operand] = Object.entries(m as Record<string, unknown>)[0] as [string, unknown];
  const s =
    typeof operand === 'string'
      ? operand
      : typeof (operand as Record<string, unknown>)?.['equals-ignore-case'] === 'string'
        ? ((operand as Record<string, string>)['equals-ignore-case'] as string)
        : 'x';
  switch (op) {
    case 'prefix':
      return fc.constantFrom(s, `${s}y`, s.toUpperCase());
    case 'suffix':
      return fc.constantFrom(s, `x${s}`, s.toUpperCase());
    case 'equals-ignore-case':
      return fc.constantFrom(s, s.toUpperCase());
    case 'numeric':
    case 'anything-but':
      return fc.oneof(number, scalar);
    case 'cidr':
      return fc.constantFrom('10.0.0.1', '10.0.1.7', '2001:db8::1', '11.0.0.1');
    default:
      return scalar;
  }
}

function realize(node: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const parts: Array<fc.Arbitrary<Record<string, unknown>>> = [];
  for (const [key, field] of Object.entries(node)) {
    if (key === '$or') {
      for (const branch of field as Array<Record<string, unknown>>) parts.push(realize(branch));
      continue;
    }
    const value: fc.Arbitrary<unknown> = Array.isArray(field)
      ? fc.oneof(
          { weight: 4, arbitrary: fc.oneof(...field.map(near)) },
          {
            weight: 1,
            arbitrary: fc.array(fc.oneof(...field.map(near), scalar), { minLength: 1, maxLength: 3 }),
          },
        )
      : fc.oneof(
          { weight: 3, arbitrary: realize(field as Record<string, unknown>) },
          {
            weight: 1,
            arbitrary: fc.array(realize(field as Record<string, unknown>), { minLength: 1, maxLength: 3 }),
          },
        );
    parts.push(fc.option(value, { freq: 6 }).map((v) => (v === null ? {} : { [key]: v })));
  }
  return fc.tuple(...parts).map((objects) => Object.assign({}, ...objects) as Record<string, unknown>);
}

/** A pattern and an event built from its paths and values, plus some noise, so matches are common. */
export const patternAndEvent = (
  patterns: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<[Record<string, unknown>, Record<string, unknown>]> =>
  patterns.chain((p) =>
    fc.tuple(
      fc.constant(p),
      fc.tuple(realize(p), event).map(([made, noise]) => ({ ...noise, ...made })),
    ),
  );
