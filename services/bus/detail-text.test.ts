// checkDetailText reads numbers in place and converts only some of them; this holds it to the plain
// rule (convert every number, compare its text with JSON.stringify's) on drawn Details.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDetailText, type DetailCheck } from './detail-text.ts';
import { MAX_JSON_INTEGER, MIN_JSON_INTEGER } from './limits.ts';

/** The plain rule (integers past 2^53 always keep their text), on the numbers JSON.parse would read (strings, and numbers in them, left out). */
function oracle(text: string): DetailCheck {
  const tokens = text
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .match(/-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/g);
  let keepText = false;
  for (const token of tokens ?? []) {
    const value = Number(token);
    if (/^-?[0-9]+$/.test(token)) {
      const big = BigInt(token);
      if (big < MIN_JSON_INTEGER || big > MAX_JSON_INTEGER) return { ok: false, reason: 'integer' };
      // Past 2^53 an integer keeps its text even where the double happens to print the same.
      if (!Number.isSafeInteger(value)) keepText = true;
    } else if (!Number.isFinite(value)) return { ok: false, reason: 'double' };
    if (String(value) !== token) keepText = true;
  }
  return { ok: true, keepText };
}

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }).map(String),
  fc
    .tuple(
      fc.boolean(),
      fc.integer({ min: 1, max: 9 }),
      digits(0, 320),
      fc.option(digits(1, 20)),
      fc.option(fc.integer({ min: -400, max: 400 })),
    )
    .map(
      ([minus, first, rest, fraction, exponent]) =>
        `${minus ? '-' : ''}${first}${rest}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : `e${exponent}`}`,
    ),
  fc.constantFrom(
    '-0',
    '0',
    '-0.0',
    '1.50',
    '0.0000001',
    '0.000001',
    '1E5',
    '1e+5',
    '1e-400',
    '1e999999',
    '9223372036854775807',
    '9223372036854775808',
    '-9223372036854775808',
    '-9223372036854775809',
    '123456789012345',
    '1234567890123456',
    '12345678901234567',
  ),
);
const detail = fc
  .array(
    fc.oneof(
      numberText,
      numberText.map((t) => JSON.stringify(`x${t}"`)),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((values) => `{"a":[${values.join(',')}],"b":{"c": ${values[0]}}}`);

describe('checkDetailText', () => {
  it('answers as converting every number would', () => {
    fc.assert(
      fc.property(detail, (text) => {
        const got = checkDetailText(text);
        const want = oracle(text);
        expect(got.ok).toBe(want.ok);
        if (got.ok && want.ok) expect(got.keepText).toBe(want.keepText);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['plain integers', '{"n":[1,-2,300]}', { ok: true, keepText: false }],
    ['minus zero', '{"n":-0}', { ok: true, keepText: true }],
    ['a trailing zero', '{"n":1.50}', { ok: true, keepText: true }],
    ['a tiny decimal written out', '{"n":0.0000001}', { ok: true, keepText: true }],
    ['an integer past 2^53', '{"n":9007199254740993}', { ok: true, keepText: true }],
    ['309 integer digits after a kept text', `{"n":[1.50,${'9'.repeat(309)}.5]}`, { ok: false }],
    ['an exponent past a double', '{"n":[1.50,1e999999]}', { ok: false }],
    ['an integer past 64 bits', '{"n":[1.50,9223372036854775808]}', { ok: false }],
    ['numbers inside strings', '{"s":"1e999999","t":"-0"}', { ok: true, keepText: false }],
  ])('%s', (_name, text, want) => {
    expect(checkDetailText(text)).toMatchObject(want);
  });
});
