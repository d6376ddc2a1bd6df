// A JSON Schema 2020-12 (the catalogue's dialect) as JSON Schema Draft 4, which an EventBridge
// schema registry accepts (`Type: JSONSchemaDraft4`). What Draft 4 can say another way is rewritten;
// what it cannot is dropped and reported, keyword by keyword, never silently.
// https://json-schema.org/draft/2020-12/release-notes, https://json-schema.org/draft-04/draft-zeroone-validation-00
import { toPointer } from '../../catalog/problem.ts';

type Schema = Record<string, unknown>;

export interface LostKeyword {
  /** Where in the source schema, e.g. `#/properties/amount/if`. */
  pointer: string;
  keyword: string;
  why: string;
}

export const DRAFT4 = 'http://json-schema.org/draft-04/schema#';

/** Keywords Draft 4 has no counterpart for. Annotations are listed too: Draft 4 would ignore them. */
const NO_DRAFT4: Record<string, string> = {
  if: 'conditional validation (if/then/else) is 2019-09+',
  then: 'conditional validation (if/then/else) is 2019-09+',
  else: 'conditional validation (if/then/else) is 2019-09+',
  contains: 'contains is Draft 6+',
  minContains: 'minContains is 2019-09+',
  maxContains: 'maxContains is 2019-09+',
  propertyNames: 'propertyNames is Draft 6+',
  unevaluatedProperties: 'unevaluatedProperties is 2019-09+',
  unevaluatedItems: 'unevaluatedItems is 2019-09+',
  $anchor: '$anchor is 2019-09+',
  $dynamicRef: '$dynamicRef is 2020-12',
  $dynamicAnchor: '$dynamicAnchor is 2020-12',
  $vocabulary: '$vocabulary is 2019-09+',
  $comment: '$comment (annotation) is Draft 7+',
  examples: 'examples (annotation) is Draft 6+',
  deprecated: 'deprecated (annotation) is 2019-09+',
  readOnly: 'readOnly (annotation) is Draft 7+',
  writeOnly: 'writeOnly (annotation) is Draft 7+',
  contentMediaType: 'contentMediaType is Draft 7+',
  contentEncoding: 'contentEncoding is Draft 7+',
  contentSchema: 'contentSchema is 2019-09+',
};

/** Keywords whose values are schemas, maps of schemas or arrays of schemas (2020-12 core §10). */
const ONE = ['not', 'additionalProperties', 'items', 'additionalItems'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

export function toDraft4(schema: Schema): { schema: Schema; lost: LostKeyword[] } {
  const lost: LostKeyword[] = [];
  const out = convert(schema, [], lost);
  return { schema: { $schema: DRAFT4, ...out }, lost };
}

function convert(node: unknown, at: (string | number)[], lost: LostKeyword[]): Schema {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node as Schema;
  const src = node as Schema;
  const out: Schema = {};
  const sub = (value: unknown, ...path: (string | number)[]) => convert(value, [...at, ...path], lost);
  for (const [key, value] of Object.entries(src)) {
    if (key in NO_DRAFT4) {
      lost.push({ pointer: toPointer([...at, key]), keyword: key, why: NO_DRAFT4[key]! });
      continue;
    }
    switch (key) {
      case '$schema':
        break;
      case '$id':
        out['id'] = value;
        break;
      case '$ref':
        out['$ref'] = typeof value === 'string' ? value.replace('#/$defs/', '#/definitions/') : value;
        break;
      case 'const':
        out['enum'] = [value];
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        // 2020-12: a number; Draft 4: a boolean beside minimum/maximum. Keep the tighter bound.
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        const inclusive = src[bound] as number | undefined;
        const tighter =
          inclusive === undefined ||
          (bound === 'minimum' ? (value as number) >= inclusive : (value as number) <= inclusive);
        if (tighter) Object.assign(out, { [bound]: value, [key]: true });
        break;
      }
      case 'minimum':
      case 'maximum':
        if (out[key] === undefined) out[key] = value;
        break;
      case 'dependentRequired':
      case 'dependentSchemas': {
        const deps = (out['dependencies'] ??= {}) as Schema;
        for (const [name, dep] of Object.entries(value as Schema)) {
          deps[name] = key === 'dependentRequired' ? dep : sub(dep, key, name);
        }
        break;
      }
      case 'prefixItems':
        out['items'] = (value as unknown[]).map((s, i) => sub(s, key, i));
        if (src['items'] !== undefined) out['additionalItems'] = sub(src['items'], 'items');
        break;
      case 'items':
        if (src['prefixItems'] === undefined) out['items'] = sub(value, key);
        break;
      case '$defs':
      case 'definitions':
        out['definitions'] = {
          ...((out['definitions'] as Schema | undefined) ?? {}),
          ...mapSchemas(value, key),
        };
        break;
      default:
        if (ONE.includes(key)) out[key] = sub(value, key);
        else if (MAP.includes(key)) out[key] = mapSchemas(value, key);
        else if (LIST.includes(key)) out[key] = (value as unknown[]).map((s, i) => sub(s, key, i));
        else out[key] = value;
    }
  }
  return out;

  function mapSchemas(value: unknown, key: string): Schema {
    return Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, sub(s, key, name)]));
  }
}
