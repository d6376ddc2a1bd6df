// How a load test varies an example payload per iteration, derived from the detail schema: only
// top-level fields the examples already carry are varied, and only to values the schema allows, so
// every varied payload stays valid (the test in variations.test.ts checks it with the generated
// validators). For the routed event, the filter fields draw from the values the partner files name,
// so that the load spreads over every partner's rule rather than the examples' few.
import type { Partner } from '../../../generated/catalog-model.ts';
import { FILTER_FIELDS, ROUTING_FIELDS } from '../routing-pattern.ts';

export type Variation =
  | { field: string; kind: 'uuid' }
  | { field: string; kind: 'timestamp' }
  | { field: string; kind: 'pick'; values: (string | number | boolean)[] }
  | { field: string; kind: 'subset'; values: (string | number)[] }
  | { field: string; kind: 'number'; min: number; max: number };

type Schema = Record<string, unknown>;

export function variationsOf(
  schema: Schema,
  examples: readonly Record<string, unknown>[],
  partners: readonly Partner[],
): Variation[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const present = new Set(examples.flatMap((e) => Object.keys(e)));
  // A field a conditional (if/then/else) depends on keeps its example value: changing it alone
  // could break the other branch's constraint (e.g. `channel` decides the `recipient` format).
  const conditional = new Set(Object.keys(((schema.if as Schema | undefined)?.properties ?? {}) as Schema));
  const out: Variation[] = [];
  for (const field of Object.keys(properties).sort()) {
    if (!present.has(field) || conditional.has(field)) continue;
    const routed = partners.length > 0;
    const variation = routed ? routedVariation(field, properties[field]!, examples, partners) : undefined;
    const found = variation ?? schemaVariation(field, properties[field]!, routed);
    if (found) out.push(found);
  }
  return out;
}

/**
 * For the routed event, only the fields routing reads vary among their enum values: a request's
 * other enums (its `request_status`, `new` when placed) keep what the examples say.
 */
function schemaVariation(field: string, property: Schema, routed: boolean): Variation | undefined {
  if (property.format === 'uuid') return { field, kind: 'uuid' };
  if (property.format === 'date-time') return { field, kind: 'timestamp' };
  if (routed && !(ROUTING_FIELDS as readonly string[]).includes(field)) return undefined;
  const values = enumOf(property);
  if (values) return { field, kind: 'pick', values };
  const items = property.type === 'array' ? enumOf((property.items ?? {}) as Schema) : undefined;
  if (items && property.uniqueItems !== false) return { field, kind: 'subset', values: items.filter(isKey) };
  return undefined;
}

/** The filter fields of the routed event, drawn from the partners' filters and the examples. */
function routedVariation(
  field: string,
  property: Schema,
  examples: readonly Record<string, unknown>[],
  partners: readonly Partner[],
): Variation | undefined {
  const fromExamples = examples.map((e) => e[field]).filter(isKey);
  if (field === FILTER_FIELDS.countries)
    return pick(field, [...partners.flatMap((p) => p.fulfils.countries ?? []), ...fromExamples]);
  if (field === FILTER_FIELDS.currencies)
    return pick(field, [...partners.flatMap((p) => p.fulfils.currencies ?? []), ...fromExamples]);
  if (field === FILTER_FIELDS.amount) {
    const bounds = partners
      .flatMap((p) => [p.fulfils.amount?.min, p.fulfils.amount?.max])
      .filter((n): n is number => typeof n === 'number');
    const min = typeof property.minimum === 'number' ? property.minimum : 0;
    // A quarter above the highest bound, so that some requests exceed every partner's maximum;
    // drawn on a log scale (payloads.js) so that small and large amounts are equally common.
    return { field, kind: 'number', min, max: Math.ceil(Math.max(min + 1, ...bounds) * 1.25) };
  }
  return undefined;
}

function pick(field: string, values: (string | number)[]): Variation | undefined {
  const unique = [...new Set(values)].sort((a, b) =>
    String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  return unique.length > 1 ? { field, kind: 'pick', values: unique } : undefined;
}

function enumOf(property: Schema): (string | number | boolean)[] | undefined {
  const values = Array.isArray(property.enum)
    ? property.enum
    : property.const !== undefined
      ? [property.const]
      : undefined;
  const plain = values?.filter((v): v is string | number | boolean =>
    ['string', 'number', 'boolean'].includes(typeof v),
  );
  return plain && plain.length > 1 ? plain : undefined;
}

function isKey(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}
