// Turns a JSON Schema (dereferenced) and an example value into a Pact matching template: the
// example stays the body the pact shows, and every leaf gets the matcher the schema implies.
// Written by hand because no library maps JSON Schema to Pact matchers; the matchers themselves
// are pact-js's own (`MatchersV3`), so the FFI reads them as it reads any consumer test's.
//
// Matchers are put on leaves and arrays only, never on an object: Pact's matchers cascade to
// children (a `type` matcher on an object type-matches everything under it), which would hide
// the regular expressions below it.
import { MatchersV3 } from '@pact-foundation/pact';

export type JsonSchema = Record<string, unknown>;

// RFC 3339 §5.6 `date-time`; Pact's own `datetime` matcher takes one fixed format, and RFC 3339
// allows fractions and offsets, so a regular expression says it exactly.
export const FORMAT_REGEX: Readonly<Record<string, string>> = Object.freeze({
  uuid: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  'date-time': '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$',
  date: '^\\d{4}-\\d{2}-\\d{2}$',
  email: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  uri: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$',
});

export class MatcherDerivationError extends Error {}

/** `^(in-progress|accepted)$`: an enum as one anchored alternation, each value escaped. */
export function enumRegex(values: readonly unknown[]): string {
  return `^(${values.map((v) => String(v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

/**
 * The template for `example` under `schema`. `at` names the place for error messages
 * (`partner-webhook request body $.detail.country`).
 */
export function schemaToMatcher(schema: JsonSchema | undefined, example: unknown, at: string): unknown {
  const s = pickBranch(schema, example);
  if (example === null) return null; // Pact matches null only by equality
  if (Array.isArray(example)) return arrayTemplate(s, example, at);
  if (typeof example === 'object') return objectTemplate(s, example as Record<string, unknown>, at);
  if (typeof example === 'string') return stringMatcher(s, example, at);
  if (typeof example === 'number') {
    return Number.isInteger(example) && typeOf(s).includes('integer')
      ? MatchersV3.integer(example)
      : MatchersV3.number(example);
  }
  if (s.const !== undefined) return example; // a constant is matched by equality, Pact's default
  if (typeof example === 'boolean') return MatchersV3.boolean(example);
  throw new MatcherDerivationError(`Unsupported example value at ${at}: ${String(example)}`);
}

function objectTemplate(s: JsonSchema, example: Record<string, unknown>, at: string): unknown {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const extra = s.additionalProperties;
  const keys = Object.keys(example);
  // A map (`additionalProperties: {schema}` and no named properties): any key, each value typed.
  if (
    Object.keys(properties).length === 0 &&
    extra !== null &&
    typeof extra === 'object' &&
    keys.length > 0
  ) {
    const first = example[keys[0] as string];
    return MatchersV3.eachValueMatches(
      example,
      schemaToMatcher(extra as JsonSchema, first, `${at}.*`) as never,
    );
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const child =
      properties[key] ?? (typeof extra === 'object' && extra !== null ? (extra as JsonSchema) : undefined);
    out[key] = schemaToMatcher(child, example[key], `${at}.${key}`);
  }
  return out;
}

function arrayTemplate(s: JsonSchema, example: unknown[], at: string): unknown {
  const items = s.items as JsonSchema | undefined;
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  if (example.length === 0) return MatchersV3.like([]);
  // Every element of the example stays in the body; each is matched against the first one's
  // template (Pact's `type` matcher with `min` on an array), so the template must fit them all.
  const templates = example.map((item, i) => schemaToMatcher(items, item, `${at}[${i}]`));
  return { 'pact:matcher:type': 'type', min, value: templates };
}

function stringMatcher(s: JsonSchema, example: string, at: string): unknown {
  let regex: string | undefined;
  if (Array.isArray(s.enum)) regex = enumRegex(s.enum);
  else if (s.const !== undefined) regex = enumRegex([s.const]);
  else if (typeof s.pattern === 'string') regex = s.pattern;
  else if (typeof s.format === 'string') regex = FORMAT_REGEX[s.format];
  if (regex === undefined) return MatchersV3.string(example);
  if (!new RegExp(regex).test(example)) {
    throw new MatcherDerivationError(`Example ${JSON.stringify(example)} at ${at} does not match ${regex}`);
  }
  return MatchersV3.regex(regex, example);
}

function typeOf(s: JsonSchema): string[] {
  const t = s.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/**
 * `oneOf`/`anyOf`: the branch the example belongs to, found by its `const` members (how the
 * catalogue tells its branches apart, e.g. `auth.type`), else the first branch whose type fits.
 * `allOf` branches are merged property by property.
 */
function pickBranch(schema: JsonSchema | undefined, example: unknown): JsonSchema {
  if (schema === undefined) return {};
  let s = schema;
  if (Array.isArray(s.allOf)) {
    s = (s.allOf as JsonSchema[]).reduce<JsonSchema>(
      (acc, part) => ({
        ...acc,
        ...part,
        properties: { ...(acc.properties as object), ...(part.properties as object) },
      }),
      { ...s, allOf: undefined },
    );
  }
  const branches = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  if (!Array.isArray(branches)) return s;
  const fits = branches.find((b) => constsAgree(b, example)) ?? branches[0] ?? {};
  return pickBranch({ ...s, oneOf: undefined, anyOf: undefined, ...fits }, example);
}

function constsAgree(branch: JsonSchema, example: unknown): boolean {
  if (branch.const !== undefined) return branch.const === example;
  if (example === null || typeof example !== 'object') return typeOf(branch).includes(typeof example);
  const props = (branch.properties ?? {}) as Record<string, JsonSchema>;
  const consts = Object.entries(props).filter(([, p]) => p.const !== undefined);
  return consts.length > 0 && consts.every(([k, p]) => (example as Record<string, unknown>)[k] === p.const);
}
