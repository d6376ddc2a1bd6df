import { describe, expect, it } from 'vitest';
import { DRAFT4, toDraft4 } from './to-draft4.ts';

const cases: [string, { given: Record<string, unknown>; want: Record<string, unknown>; lost?: string[] }][] =
  [
    ['const becomes a one-value enum', { given: { const: 'a' }, want: { enum: ['a'] } }],
    [
      'a numeric exclusiveMinimum becomes minimum + true',
      { given: { exclusiveMinimum: 0 }, want: { minimum: 0, exclusiveMinimum: true } },
    ],
    [
      'the tighter of minimum and exclusiveMinimum wins',
      { given: { minimum: 5, exclusiveMinimum: 1 }, want: { minimum: 5 } },
    ],
    [
      '$defs and their $refs become definitions',
      {
        given: { $defs: { a: { type: 'string' } }, properties: { x: { $ref: '#/$defs/a' } } },
        want: { definitions: { a: { type: 'string' } }, properties: { x: { $ref: '#/definitions/a' } } },
      },
    ],
    [
      '$id becomes id',
      {
        given: { $id: 'urn:x', $schema: 'https://json-schema.org/draft/2020-12/schema' },
        want: { id: 'urn:x' },
      },
    ],
    [
      'prefixItems and items become items and additionalItems',
      {
        given: { prefixItems: [{ type: 'string' }], items: false },
        want: { items: [{ type: 'string' }], additionalItems: false },
      },
    ],
    [
      'dependentRequired becomes dependencies',
      { given: { dependentRequired: { a: ['b'] } }, want: { dependencies: { a: ['b'] } } },
    ],
    [
      'if/then/else are lost, with where',
      {
        given: { properties: { a: { if: { const: 1 }, then: { minimum: 1 }, type: 'number' } } },
        want: { properties: { a: { type: 'number' } } },
        lost: ['#/properties/a/if', '#/properties/a/then'],
      },
    ],
    [
      'nested keywords are converted inside allOf and items',
      {
        given: { allOf: [{ items: { const: 1, examples: [1] } }] },
        want: { allOf: [{ items: { enum: [1] } }] },
        lost: ['#/allOf/0/items/examples'],
      },
    ],
    [
      'a property named like a keyword is not a keyword',
      {
        given: { properties: { if: { type: 'string' }, const: { type: 'string' } } },
        want: { properties: { if: { type: 'string' }, const: { type: 'string' } } },
      },
    ],
  ];

describe('toDraft4', () => {
  it.each(cases)('%s', (_name, { given, want, lost = [] }) => {
    const out = toDraft4(given);
    expect(out.schema).toEqual({ $schema: DRAFT4, ...want });
    expect(out.lost.map((l) => l.pointer)).toEqual(lost);
  });
});
