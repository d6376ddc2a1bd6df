// A witness event for a pattern branch: a detail that the branch should match, built from a valid
// base detail (the message's own example) by setting each field the branch names to a value its
// matcher accepts. If the witness is valid against the schema and the engine matches it, the rule
// can match at least one event of its schema; if no such witness can be built, the problem is
// reported with the field that broke it. (Hand-written: no library inverts EventBridge patterns.)
import type { JsonSchema } from './catalogue.ts';

type Obj = Record<string, unknown>;
export type Accepts = (schema: JsonSchema, value: unknown) => boolean;

export function witnessDetail(base: Obj, schema: JsonSchema, branch: Obj, accepts: Accepts): Obj {
  const detail = structuredClone(base);
  applyBranch(detail, schema, branch, accepts);
  return detail;
}

function applyBranch(target: Obj, schema: JsonSchema, branch: Obj, accepts: Accepts): void {
  for (const [key, condition] of Object.entries(branch)) {
    if (key === '$or' && Array.isArray(condition) && isObj(condition[0])) {
      applyBranch(target, schema, condition[0], accepts);
      continue;
    }
    const propSchema = propertyOf(schema, key);
    if (Array.isArray(condition)) {
      applyLeaf(target, key, condition, propSchema, accepts);
    } else if (isObj(condition)) {
      applyBranch(objectAt(target, key, propSchema), elementSchema(propSchema), condition, accepts);
    }
  }
}

function applyLeaf(
  target: Obj,
  key: string,
  matchers: unknown[],
  propSchema: JsonSchema,
  accepts: Accepts,
): void {
  if (matchers.some((m) => isObj(m) && m.exists === false)) {
    delete target[key];
    return;
  }
  const isArray = typeOf(propSchema) === 'array';
  const valueSchema = isArray ? elementSchema(propSchema) : propSchema;
  const current = isArray ? (target[key] as unknown[] | undefined)?.[0] : target[key];
  const candidates = matchers.flatMap((m) => candidatesFor(m, valueSchema, current));
  const chosen = candidates.find((c) => accepts(valueSchema, c)) ?? candidates[0];
  target[key] = isArray ? [chosen] : chosen;
}

/** Values a single matcher (EventBridge content filter) accepts, most natural first. */
function candidatesFor(m: unknown, schema: JsonSchema, current: unknown): unknown[] {
  if (!isObj(m)) return [m];
  const text = (v: unknown) => (isObj(v) ? String(v['equals-ignore-case']) : String(v));
  if ('prefix' in m) return [text(m.prefix), `${text(m.prefix)}a`, `${text(m.prefix)}x1`];
  if ('suffix' in m) return [text(m.suffix), `a${text(m.suffix)}`];
  if ('equals-ignore-case' in m) return [m['equals-ignore-case']];
  if ('wildcard' in m) return [String(m.wildcard).replace(/\*/g, ''), String(m.wildcard).replace(/\*/g, 'a')];
  if ('cidr' in m) return [String(m.cidr).split('/')[0]];
  if ('exists' in m) return [current ?? minimalInstance(schema)];
  if ('numeric' in m && Array.isArray(m.numeric)) return numericCandidates(m.numeric);
  if ('anything-but' in m) {
    const excluded = m['anything-but'];
    const pool = [
      ...((schema.enum as unknown[] | undefined) ?? []),
      current,
      minimalInstance(schema),
      'portico-witness',
      0,
      987654321,
    ];
    return pool.filter((v) => v !== undefined && !excludedBy(excluded, v));
  }
  return [];
}

function excludedBy(excluded: unknown, v: unknown): boolean {
  if (Array.isArray(excluded)) return excluded.includes(v);
  if (isObj(excluded)) {
    const s = String(v);
    if ('prefix' in excluded) return s.startsWith(String(excluded.prefix));
    if ('suffix' in excluded) return s.endsWith(String(excluded.suffix));
    if ('equals-ignore-case' in excluded)
      return s.toLowerCase() === String(excluded['equals-ignore-case']).toLowerCase();
    return false;
  }
  return excluded === v;
}

function numericCandidates(spec: unknown[]): number[] {
  const tests: [string, number][] = [];
  for (let i = 0; i + 1 < spec.length; i += 2) tests.push([String(spec[i]), Number(spec[i + 1])]);
  const bounds = tests.map(([, n]) => n);
  const pool = [...bounds, ...bounds.map((n) => n + 1), ...bounds.map((n) => n - 1), 0];
  if (bounds.length === 2) pool.unshift(((bounds[0] ?? 0) + (bounds[1] ?? 0)) / 2);
  const ok = (x: number) =>
    tests.every(([op, n]) =>
      op === '<'
        ? x < n
        : op === '<='
          ? x <= n
          : op === '>'
            ? x > n
            : op === '>='
              ? x >= n
              : op === '='
                ? x === n
                : false,
    );
  return pool.filter(ok);
}

/** A small valid-looking instance of a schema, for fields a pattern needs but the base lacks. */
export function minimalInstance(schema: JsonSchema): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (typeOf(schema)) {
    case 'object': {
      const out: Obj = {};
      const required = (schema.required as string[] | undefined) ?? [];
      for (const key of required) out[key] = minimalInstance(propertyOf(schema, key));
      return out;
    }
    case 'array':
      return Number(schema.minItems ?? 0) > 0 ? [minimalInstance(elementSchema(schema))] : [];
    case 'number':
    case 'integer':
      return Number(schema.minimum ?? 0);
    case 'boolean':
      return false;
    case 'string':
      return FORMAT_SAMPLES[String(schema.format)] ?? 'witness';
    default:
      return null;
  }
}

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  email: 'witness@example.org',
  uri: 'https://example.org/witness',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function objectAt(target: Obj, key: string, propSchema: JsonSchema): Obj {
  if (typeOf(propSchema) === 'array') {
    const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
    if (!isObj(list[0])) list[0] = minimalInstance(elementSchema(propSchema));
    target[key] = list;
    return list[0] as Obj;
  }
  if (!isObj(target[key])) target[key] = minimalInstance(propSchema) ?? {};
  if (!isObj(target[key])) target[key] = {};
  return target[key] as Obj;
}

export function propertyOf(schema: JsonSchema, key: string): JsonSchema {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  return props?.[key] ?? {};
}

export function elementSchema(schema: JsonSchema): JsonSchema {
  return typeOf(schema) === 'array' && isObj(schema.items) ? (schema.items as JsonSchema) : schema;
}

export function typeOf(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return typeof t === 'string' ? t : undefined;
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
