// jsonObjectKeys against JSON.parse (the oracle) on drawn JSON texts and on texts damaged one character
// at a time, so that both what it accepts and what it refuses are held to the parser's answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonObjectKeys } from './json-object-keys.ts';

const MAX_DEPTH = 6;

function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(v as object).map(depthOf));
}

/** JSON.parse's answer: the top-level keys of an object nesting at most MAX_DEPTH, else undefined. */
function oracle(text: string): string[] | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || depthOf(v) > MAX_DEPTH) return undefined;
  return Object.keys(v).sort();
}

const spaced = (text: string, gaps: readonly string[]) =>
  text.replace(
    /([{}[\],:])/g,
    (m, _c, at: number) => `${gaps[at % gaps.length] ?? ''}${m}${gaps[(at + 1) % gaps.length] ?? ''}`,
  );
const gap = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
const objectText = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 7 }), { maxKeys: 4 }),
    fc.array(gap, { minLength: 1, maxLength: 5 }),
  )
  .map(([v, gaps]) => spaced(JSON.stringify(v), gaps));
const damage = fc.tuple(
  fc.nat(),
  fc.constantFrom('delete', 'insert', 'replace'),
  fc.constantFrom(
    ...'{}[]",:\\ 0123456789eE.+-tfnulx\u0001\u001fu',
    '\\u12',
    '\\uZZZZ',
    'tru',
    'nul',
    '-.5',
    '01',
    '1.',
    '1e',
  ),
);

describe('jsonObjectKeys', () => {
  it('accepts what JSON.parse accepts, with the same top-level keys', () => {
    fc.assert(
      fc.property(objectText, (text) => {
        expect([...(jsonObjectKeys(text, MAX_DEPTH) ?? ['(refused)'])].sort()).toEqual(
          oracle(text) ?? ['(refused)'],
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what JSON.parse refuses, on texts damaged one character at a time', () => {
    fc.assert(
      fc.property(objectText, fc.array(damage, { minLength: 1, maxLength: 3 }), (text, damages) => {
        let t = text;
        for (const [at, how, what] of damages) {
          const p = at % (t.length + 1);
          t =
            how === 'delete'
              ? t.slice(0, p) + t.slice(p + 1)
              : how === 'insert'
                ? t.slice(0, p) + what + t.slice(p)
                : t.slice(0, p) + what + t.slice(p + 1);
        }
        const got = jsonObjectKeys(t, MAX_DEPTH);
        expect(got === undefined ? undefined : [...got].sort(), t).toEqual(oracle(t));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['an object', '{"a":1,"b":[true,false,null,"x"]}', ['a', 'b']],
    ['escaped keys and quotes', '{"a\\"b":"\\\\","c\\u0041":"\\"}"}', ['a"b', 'cA']],
    ['not an object', '[1]', undefined],
    ['a control character in a string', '{"a":"x\u0001"}', undefined],
    ['text after the object', '{} {}', undefined],
    ['a trailing comma', '{"a":1,}', undefined],
    ['nested exactly to the limit', `{"a":${'['.repeat(MAX_DEPTH - 1)}${']'.repeat(MAX_DEPTH - 1)}}`, ['a']],
    ['nested past the limit', `{"a":${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}}`, undefined],
    ['a leading zero', '{"a":01}', undefined],
    ['a lone minus', '{"a":-}', undefined],
    ['a point without digits', '{"a":1.}', undefined],
    ['a point before an exponent', '{"a":[1.e5]}', undefined],
    ['an exponent without digits', '{"a":1e+}', undefined],
    ['every number form', '{"a":[0,-0,1.5,-2.25e-3,3E+7,10]}', ['a']],
  ])('%s', (_name, text, want) => {
    const got = jsonObjectKeys(text, MAX_DEPTH);
    expect(got === undefined ? undefined : [...got].sort()).toEqual(want);
  });
});
