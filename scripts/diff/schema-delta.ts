// The differences between two versions of one JSON schema (already dereferenced), as neutral facts:
// what was added, removed, narrowed or widened, and where. Whether a fact breaks anyone depends on
// who reads and who writes (a request body, a response body, an event payload), which the callers
// decide. Hand-written: the npm JSON-schema diff packages either report textual differences only
// (json-schema-compare answers "equal or not") or classify by JSON-pointer pattern without looking
// into payloads (@asyncapi/diff marks payload changes "unclassified").
export type JsonSchema = Record<string, unknown>;

export type SchemaDelta =
  | { kind: 'property-added' | 'property-removed'; path: string[]; required: boolean }
  | { kind: 'became-required' | 'became-optional'; path: string[] }
  | { kind: 'type-changed' | 'format-changed'; path: string[]; from: string; to: string }
  | { kind: 'enum-value-added' | 'enum-value-removed'; path: string[]; value: unknown }
  | { kind: 'narrowed' | 'widened'; path: string[]; keyword: string; from: unknown; to: unknown }
  | { kind: 'closed' | 'opened'; path: string[] };

/** JSON Schema 2020-12 §6.2-6.3: bounds whose larger value admits more (max*) or fewer (min*). */
const UPPER = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems'] as const;
const LOWER = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems'] as const;

export function schemaDeltas(before: JsonSchema, after: JsonSchema, path: string[] = []): SchemaDelta[] {
  const out: SchemaDelta[] = [];
  walk(before, after, path, out, new Set());
  return out;
}

function walk(a: JsonSchema, b: JsonSchema, path: string[], out: SchemaDelta[], seen: Set<unknown>): void {
  // Dereferenced documents may be cyclic (a tree of nodes); compare each pair once per branch.
  if (seen.has(a) || seen.has(b)) return;
  const next = new Set(seen).add(a).add(b);

  const ta = typeName(a);
  const tb = typeName(b);
  if (ta !== undefined && tb !== undefined && ta !== tb) {
    out.push({ kind: 'type-changed', path, from: ta, to: tb });
    return; // below a type change every other difference is noise
  }
  const fa = typeof a.format === 'string' ? a.format : '';
  const fb = typeof b.format === 'string' ? b.format : '';
  if (fa !== fb) out.push({ kind: 'format-changed', path, from: fa || '(none)', to: fb || '(none)' });

  compareEnum(a, b, path, out);
  compareBounds(a, b, path, out);

  const pa = (a.properties ?? {}) as Record<string, JsonSchema>;
  const pb = (b.properties ?? {}) as Record<string, JsonSchema>;
  const ra = new Set((a.required as string[] | undefined) ?? []);
  const rb = new Set((b.required as string[] | undefined) ?? []);
  for (const key of Object.keys(pa)) {
    if (!(key in pb)) out.push({ kind: 'property-removed', path: [...path, key], required: ra.has(key) });
  }
  for (const key of Object.keys(pb)) {
    const at = [...path, key];
    if (!(key in pa)) {
      out.push({ kind: 'property-added', path: at, required: rb.has(key) });
      continue;
    }
    if (!ra.has(key) && rb.has(key)) out.push({ kind: 'became-required', path: at });
    if (ra.has(key) && !rb.has(key)) out.push({ kind: 'became-optional', path: at });
    walk(pa[key] as JsonSchema, pb[key] as JsonSchema, at, out, next);
  }
  // A required name without a declared property still constrains the instance.
  for (const key of rb)
    if (!(key in pb) && !ra.has(key)) out.push({ kind: 'became-required', path: [...path, key] });

  const closedA = a.additionalProperties === false;
  const closedB = b.additionalProperties === false;
  if (!closedA && closedB) out.push({ kind: 'closed', path });
  if (closedA && !closedB) out.push({ kind: 'opened', path });

  if (isObj(a.items) && isObj(b.items)) walk(a.items, b.items, [...path, '[]'], out, next);
}

function compareEnum(a: JsonSchema, b: JsonSchema, path: string[], out: SchemaDelta[]): void {
  const ea = enumOf(a);
  const eb = enumOf(b);
  if (ea === undefined && eb === undefined) return;
  if (ea === undefined)
    return void out.push({ kind: 'narrowed', path, keyword: 'enum', from: '(any)', to: eb });
  if (eb === undefined)
    return void out.push({ kind: 'widened', path, keyword: 'enum', from: ea, to: '(any)' });
  const key = (v: unknown) => JSON.stringify(v);
  const kb = new Set(eb.map(key));
  const ka = new Set(ea.map(key));
  for (const v of ea) if (!kb.has(key(v))) out.push({ kind: 'enum-value-removed', path, value: v });
  for (const v of eb) if (!ka.has(key(v))) out.push({ kind: 'enum-value-added', path, value: v });
}

function compareBounds(a: JsonSchema, b: JsonSchema, path: string[], out: SchemaDelta[]): void {
  for (const [keywords, narrower] of [
    [UPPER, (x: number, y: number) => y < x],
    [LOWER, (x: number, y: number) => y > x],
  ] as const) {
    for (const keyword of keywords) {
      const x = a[keyword];
      const y = b[keyword];
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') {
        out.push({ kind: narrower(x, y) ? 'narrowed' : 'widened', path, keyword, from: x, to: y });
      } else {
        // A bound appearing narrows, a bound disappearing widens.
        out.push({
          kind: y !== undefined ? 'narrowed' : 'widened',
          path,
          keyword,
          from: x ?? '(none)',
          to: y ?? '(none)',
        });
      }
    }
  }
  if (a.pattern !== b.pattern) {
    out.push({
      kind: b.pattern === undefined ? 'widened' : 'narrowed',
      path,
      keyword: 'pattern',
      from: a.pattern ?? '(none)',
      to: b.pattern ?? '(none)',
    });
  }
}

function enumOf(s: JsonSchema): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  if ('const' in s) return [s.const];
  return undefined;
}

/** The type, nullability kept apart: `["string","null"]` and `string` are both `string`. */
export function typeName(s: JsonSchema): string | undefined {
  const t = s.type;
  if (typeof t === 'string') return t === 'integer' ? 'number' : t;
  if (Array.isArray(t)) {
    const named = t.filter((x) => x !== 'null').map((x) => (x === 'integer' ? 'number' : String(x)));
    return named.length === 1 ? named[0] : named.sort().join('|') || undefined;
  }
  return undefined;
}

/** `documents[].kind`, `request_types[]`: a property path as people write it. */
export function showPath(path: readonly string[]): string {
  return path.reduce((s, seg) => (seg === '[]' ? `${s}[]` : s === '' ? seg : `${s}.${seg}`), '');
}

function isObj(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
