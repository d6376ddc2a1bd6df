// fast-check arbitraries derived from a JSON Schema (the subset the catalogue uses: objects,
// arrays, enums, const, patterns, formats, numeric bounds), with hints: values to prefer for a
// property name, so that a property test can aim at the values a filter names. Hand-written:
// fast-check has no JSON Schema deriver, and the hints are what make the test bite.
import fc from 'fast-check';
import type { JsonSchema } from '../catalog/catalogue.ts';

export type Hints = ReadonlyMap<string, readonly unknown[]>;

export function arbitraryFor(
  schema: JsonSchema,
  hints: Hints = new Map(),
  name?: string,
): fc.Arbitrary<unknown> {
  const base = plainArbitrary(schema, hints, name);
  const preferred = name === undefined ? undefined : hints.get(name);
  if (
    preferred === undefined ||
    preferred.length === 0 ||
    typeOf(schema) === 'array' ||
    typeOf(schema) === 'object'
  ) {
    return base;
  }
  return fc.oneof({ arbitrary: fc.constantFrom(...preferred), weight: 3 }, { arbitrary: base, weight: 1 });
}

function plainArbitrary(schema: JsonSchema, hints: Hints, name?: string): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (typeOf(schema)) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, arbitraryFor(s, hints, k)]));
      return fc.record(model, { requiredKeys: ((schema.required as string[] | undefined) ?? []) as never[] });
    }
    case 'array': {
      const items = arbitraryFor((schema.items ?? {}) as JsonSchema, hints, name);
      const minLength = Number(schema.minItems ?? 0);
      const maxLength = Math.max(minLength, Math.min(Number(schema.maxItems ?? 3), 3));
      return schema.uniqueItems
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength, maxLength });
    }
    case 'integer':
      return fc.integer({ min: Number(schema.minimum ?? -1e6), max: Number(schema.maximum ?? 1e6) });
    case 'number':
      return fc.double({
        min: Number(schema.minimum ?? -1e6),
        max: Number(schema.maximum ?? 1e6),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringArbitrary(schema);
    default:
      return fc.constant(null);
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Number(schema.maxLength ?? 40);
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  return fc.string({ minLength, maxLength: Math.min(maxLength, 12) });
}

function typeOf(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return typeof t === 'string' ? t : undefined;
}
