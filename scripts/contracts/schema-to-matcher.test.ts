import { describe, expect, it } from 'vitest';
import { enumRegex, MatcherDerivationError, schemaToMatcher } from './schema-to-matcher.ts';

const regex = (r: string, value: string) => ({ 'pact:matcher:type': 'regex', regex: r, value });
const type = (value: unknown) => ({ 'pact:matcher:type': 'type', value });

const cases: [string, { schema: Record<string, unknown>; example: unknown; want: unknown }][] = [
  [
    'enum -> anchored alternation',
    { schema: { type: 'string', enum: ['a.b', 'c'] }, example: 'c', want: regex('^(a\\.b|c)$', 'c') },
  ],
  [
    'pattern -> its regex',
    { schema: { type: 'string', pattern: '^[A-Z]{2}$' }, example: 'FR', want: regex('^[A-Z]{2}$', 'FR') },
  ],
  ['plain string -> type', { schema: { type: 'string' }, example: 'x', want: type('x') }],
  ['const -> equality', { schema: { type: 'boolean', const: true }, example: true, want: true }],
  [
    'integer',
    { schema: { type: 'integer' }, example: 3, want: { 'pact:matcher:type': 'integer', value: 3 } },
  ],
  [
    'number',
    { schema: { type: 'number' }, example: 1.5, want: { 'pact:matcher:type': 'number', value: 1.5 } },
  ],
  ['null stays null', { schema: { type: ['string', 'null'] }, example: null, want: null }],
  [
    'object: matchers on members, none on the object',
    {
      schema: { type: 'object', properties: { c: { type: 'string', pattern: '^[a-z]$' } } },
      example: { c: 'q' },
      want: { c: regex('^[a-z]$', 'q') },
    },
  ],
  [
    'array: every element kept, min from minItems',
    {
      schema: { type: 'array', minItems: 1, items: { enum: ['x', 'y'] } },
      example: ['x', 'y'],
      want: { 'pact:matcher:type': 'type', min: 1, value: [regex('^(x|y)$', 'x'), regex('^(x|y)$', 'y')] },
    },
  ],
  [
    'oneOf: the branch whose const member matches',
    {
      schema: {
        oneOf: [
          { type: 'object', properties: { type: { const: 'a' }, v: { type: 'string' } } },
          { type: 'object', properties: { type: { const: 'b' }, v: { type: 'string', pattern: '^b+$' } } },
        ],
      },
      example: { type: 'b', v: 'bb' },
      want: { type: regex('^(b)$', 'b'), v: regex('^b+$', 'bb') },
    },
  ],
];

describe('schemaToMatcher', () => {
  it.each(cases)('%s', (_name, { schema, example, want }) => {
    expect(schemaToMatcher(schema, example, '$')).toEqual(want);
  });

  it('uuid and date-time formats become regular expressions that hold their example', () => {
    const got = schemaToMatcher(
      { type: 'object', properties: { id: { format: 'uuid' }, at: { format: 'date-time' } } },
      { id: '6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01', at: '2025-11-20T09:30:00.5+01:00' },
      '$',
    ) as Record<string, { regex: string; value: string }>;
    for (const m of Object.values(got)) expect(new RegExp(m.regex).test(m.value)).toBe(true);
  });

  it('refuses an example its own schema does not allow, saying where', () => {
    expect(() => schemaToMatcher({ pattern: '^[A-Z]{2}$' }, 'fr', 'body $.country')).toThrow(
      new MatcherDerivationError('Example "fr" at body $.country does not match ^[A-Z]{2}$'),
    );
  });

  it('escapes regex metacharacters in enum values', () => {
    expect(new RegExp(enumRegex(['a+b'])).test('aab')).toBe(false);
  });
});
