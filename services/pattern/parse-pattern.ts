// Event pattern -> CompiledPattern, with AWS's validation messages (event-ruler JsonRuleCompiler,
// commit 337e8d9). `$or` forks the branches built so far, one copy per object in its array, so
// `{"a":[1], "$or":[{"b":[2]},{"c":[3]}]}` becomes two branches: a∧b and a∧c.
import { fromPlain, JsonNumber, parseJsonText, type JsonValue } from './json-text.ts';
import { isObject, parseLiteral, parseMatchExpression } from './match-expression.ts';
import { invalid, PatternError } from './pattern-error.ts';
import {
  isCompiledPattern,
  type Branch,
  type CompiledPattern,
  type Condition,
  type Matcher,
} from './pattern-model.ts';
import { checkWildcardComplexity, type Wildcard } from './wildcard.ts';

type JsonObject = { [key: string]: JsonValue };
/** A branch under construction: path -> alternatives (a later assignment to the same path wins). */
type Draft = Map<string, Matcher[]>;

// Names event-ruler reserves inside `$or` (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP).
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/** Most branches one pattern may expand to; past that a rule is refused rather than exhausting memory. */
const MAX_BRANCHES = 1024;

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

function values(drafts: Draft[], path: string, list: readonly JsonValue[]): void {
  const matchers: Matcher[] = [];
  for (const v of list) {
    matchers.push(isObject(v) ? parseMatchExpression(v) : parseLiteral(v));
  }
  if (matchers.length === 0) invalid('Empty arrays are not allowed');
  if (drafts.length === 0) drafts.push(new Map());
  for (const d of drafts) d.set(path, matchers);
}

function object(drafts: Draft[], prefix: string, obj: JsonObject, insideOr: boolean): Draft[] {
  const keys = Object.keys(obj);
  if (keys.length === 0) invalid('Empty objects are not allowed');
  for (const key of keys) {
    const v = obj[key] as JsonValue;
    if (key === '$or') {
      drafts = or(drafts, prefix, v);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key))
      invalid(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    if (isObject(v)) drafts = object(drafts, join(prefix, key), v, insideOr);
    else if (Array.isArray(v)) values(drafts, join(prefix, key), v);
    else invalid(`"${key}" must be an object or an array`);
  }
  return drafts;
}

function or(drafts: Draft[], prefix: string, v: JsonValue): Draft[] {
  if (!Array.isArray(v)) invalid('It must be an Array followed with $or.');
  const out: Draft[] = [];
  for (const element of v) {
    if (!isObject(element)) invalid('Only JSON object is allowed in array of $or relationship.');
    const copies = drafts.length === 0 ? [new Map()] : drafts.map((d) => new Map(d));
    out.push(...object(copies, prefix, element, true));
    if (out.length > MAX_BRANCHES) invalid(`Too many $or combinations (more than ${MAX_BRANCHES})`);
  }
  if (v.length < 2) invalid('There must have at least 2 Objects in $or relationship.');
  return out;
}

function toBranch(d: Draft): Branch {
  const conditions: Condition[] = [];
  for (const [path, matchers] of d) conditions.push({ path, matchers });
  // event-ruler walks a rule's fields in sorted order (Java String.compareTo, i.e. UTF-16 code units).
  // Insertion sort: branches have a handful of fields, and this runs for every rule compiled.
  for (let i = 1; i < conditions.length; i++) {
    const c = conditions[i] as Condition;
    let j = i - 1;
    while (j >= 0 && (conditions[j] as Condition).path > c.path) {
      conditions[j + 1] = conditions[j] as Condition;
      j--;
    }
    conditions[j + 1] = c;
  }
  for (const c of conditions) {
    let wildcards: Wildcard[] | undefined;
    for (const m of c.matchers) {
      if (m.kind === 'wildcard') (wildcards ??= []).push(m.wildcard);
      if (m.kind === 'anything-but-wildcard') (wildcards ??= []).push(...m.wildcards);
    }
    if (wildcards !== undefined) checkWildcardComplexity(wildcards);
  }
  return conditions;
}

/** Validates and compiles an event pattern given as JSON text or as an object. Throws PatternError. */
export function parsePattern(input: string | object): CompiledPattern {
  if (isCompiledPattern(input)) return input;
  let root: JsonValue;
  if (typeof input === 'string') root = parseJsonText(input);
  else {
    try {
      root = fromPlain(input);
    } catch (error) {
      if (error instanceof PatternError) throw error;
      throw new PatternError(String(error));
    }
  }
  if (!isObject(root)) invalid('Filter is not an object');
  if (root instanceof JsonNumber) invalid('Filter is not an object');
  const drafts = object([], '', root, false);
  return { kind: 'compiled-pattern', branches: drafts.map(toBranch) };
}
