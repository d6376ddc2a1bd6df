// A selective JSON scanner: walks event text once, decoding only the values at paths some rule
// names and skipping everything else unread (a skipped string costs one native indexOf, a skipped
// object or array a bracket count). This is what lets matching from text run about as fast as
// JSON.parse. The structure it walks is checked; skipped values are only bracket-matched, so text
// that is invalid inside a skipped value may be accepted (the reference matcher, which parses
// fully, is the strict one). Array elements are numbered only where array consistency can matter
// (PathNode.shared > 0); elsewhere leaves carry no array positions and nothing is allocated for them.
import { EventError } from '../pattern-error.ts';
import { FALSE, NO_ARRAYS, NULL, TRUE, type EventFields } from './event-fields.ts';
import type { PathNode, PathTable } from './path-table.ts';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

function fail(reason: string, at: number): never {
  throw new EventError(`Event is not valid JSON: ${reason} at offset ${at}`);
}

function skipWs(t: string, i: number): number {
  let c = t.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++i);
  return i;
}

/** Index of the quote closing the string whose opening quote is at `start`. */
function stringEnd(t: string, start: number): number {
  let j = start + 1;
  for (;;) {
    const q = t.indexOf('"', j);
    if (q < 0) fail('unterminated string', start);
    if (t.charCodeAt(q - 1) !== BACKSLASH) return q;
    let k = q - 2;
    while (t.charCodeAt(k) === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    j = q + 1;
  }
}

/** Index just after the scalar (number, true, false, null) starting at i. */
function scalarEnd(t: string, i: number): number {
  const start = i;
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === 32 || c === 10 || c === 13 || c === 9)
      break;
    if (c !== c) break; // NaN: end of text
    i++;
  }
  if (i === start) fail('expected a value', start);
  return i;
}

/** Index just after the value starting at i, read only as far as needed to find its end. */
function skipValue(t: string, i: number): number {
  let c = t.charCodeAt(i);
  if (c === QUOTE) return stringEnd(t, i) + 1;
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) return scalarEnd(t, i);
  let depth = 0;
  for (;;) {
    c = t.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(t, i) + 1;
    else {
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (--depth === 0) return i + 1;
      } else if (c !== c) fail('unexpected end of input', i);
      i++;
    }
  }
}

/**
 * The magnitude of the integer t[i, end) when it is written as String() writes it: an optional minus,
 * then 1 to 15 digits without a leading zero (so a safe integer, read exactly), and not `-0`; else -1.
 * Most numbers of large events are such, and reading them here saves a slice and a Number() each.
 */
function plainInteger(t: string, i: number, end: number): number {
  if (t.charCodeAt(i) === 45) i++;
  const digits = end - i;
  if (digits < 1 || digits > 15) return -1;
  let c = t.charCodeAt(i);
  if (c === 48) return -1; // `0` and `-0` (and invalid leading zeros) take the general way
  let n = 0;
  for (;;) {
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
    if (++i === end) return n;
    c = t.charCodeAt(i);
  }
}

export class JsonScanner {
  private t = '';
  /**
   * Index of the next backslash and the next dot at or after the scan position (t.length when
   * none): found with one native indexOf and reused until the scan passes them, so most keys and
   * strings are known to hold neither without looking at their characters.
   */
  private backslash = 0;
  private dot = 0;

  constructor(
    private readonly paths: PathTable,
    private readonly fields: EventFields,
  ) {}

  scan(text: string): void {
    this.t = text;
    this.backslash = -1;
    this.dot = -1;
    let i = skipWs(text, 0);
    if (text.charCodeAt(i) !== OPEN_OBJECT) fail('Event is not a JSON object', i);
    i = this.object(this.paths.root, NO_ARRAYS, i);
    i = skipWs(text, i);
    if (i < text.length) fail('unexpected text after the event', i);
  }

  /** Whether text[start, end) holds a backslash. */
  private escaped(start: number, end: number): boolean {
    let b = this.backslash;
    if (b < start) {
      b = this.t.indexOf('\\', start);
      this.backslash = b = b < 0 ? this.t.length : b;
    }
    return b < end;
  }

  /** Whether text[start, end) holds a dot. */
  private dotted(start: number, end: number): boolean {
    let d = this.dot;
    if (d < start) {
      d = this.t.indexOf('.', start);
      this.dot = d = d < 0 ? this.t.length : d;
    }
    return d < end;
  }

  /** Reads the object at i (an opening brace) under `node`; returns the index after it. */
  private object(node: PathNode, m: readonly number[], i: number): number {
    const t = this.t;
    i = skipWs(t, i + 1);
    if (t.charCodeAt(i) === CLOSE_OBJECT) return i + 1;
    for (;;) {
      if (t.charCodeAt(i) !== QUOTE) fail('expected a field name', i);
      let end = t.indexOf('"', i + 1);
      if (end < 0) fail('unterminated string', i);
      let child: PathNode | undefined;
      if (this.escaped(i + 1, end)) {
        end = stringEnd(t, i);
        child = this.paths.child(node, JSON.parse(t.slice(i, end + 1)) as string);
      } else child = this.findChild(node, i + 1, end);
      i = end + 1;
      if (t.charCodeAt(i) !== COLON) {
        i = skipWs(t, i);
        if (t.charCodeAt(i) !== COLON) fail('expected a colon', i);
      }
      i = skipWs(t, i + 1);
      i = child === undefined ? skipValue(t, i) : this.value(child, m, i);
      let c = t.charCodeAt(i);
      if (c <= 32) c = t.charCodeAt((i = skipWs(t, i)));
      if (c === COMMA) {
        i = skipWs(t, i + 1);
        continue;
      }
      if (c === CLOSE_OBJECT) return i + 1;
      fail('expected , or }', i);
    }
  }

  /**
   * The child named by the unescaped key text[start, end), compared in place (length mask, first
   * character, then the rest); a dotted key is looked up as a whole path.
   */
  private findChild(node: PathNode, start: number, end: number): PathNode | undefined {
    const t = this.t;
    const len = end - start;
    if ((node.lengthMask >>> (len < 31 ? len : 31)) & 1) {
      const keys = node.childKeys;
      const first = t.charCodeAt(start);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string;
        if (key.length === len && key.charCodeAt(0) === first && t.startsWith(key, start))
          return node.childNodes[k];
      }
    }
    if (!node.deep || !this.dotted(start, end)) return undefined;
    return this.paths.child(node, t.slice(start, end));
  }

  private value(node: PathNode, m: readonly number[], i: number): number {
    const t = this.t;
    const c = t.charCodeAt(i);
    if (c === OPEN_OBJECT) return node.childKeys.length === 0 ? skipValue(t, i) : this.object(node, m, i);
    if (c === OPEN_ARRAY) return this.array(node, m, i);
    if (node.conditions === 0) return skipValue(t, i);
    if (c === QUOTE) {
      let end = t.indexOf('"', i + 1);
      if (end < 0) fail('unterminated string', i);
      if (this.escaped(i + 1, end)) {
        end = stringEnd(t, i);
        this.fields.addString(node.id, JSON.parse(t.slice(i, end + 1)) as string, m);
      } else this.fields.addString(node.id, t.slice(i + 1, end), m);
      return end + 1;
    }
    const end = scalarEnd(t, i);
    if (c === 116 && end - i === 4 && t.startsWith('true', i)) this.fields.addLiteral(node.id, TRUE, m);
    else if (c === 102 && end - i === 5 && t.startsWith('false', i))
      this.fields.addLiteral(node.id, FALSE, m);
    else if (c === 110 && end - i === 4 && t.startsWith('null', i)) this.fields.addLiteral(node.id, NULL, m);
    else {
      const n = plainInteger(t, i, end);
      if (n >= 0) {
        // Its text is String(n), so no text is kept (see EventFields.str).
        this.fields.addNumber(node.id, undefined, c === 45 ? -n : n, m);
        return end;
      }
      const text = t.slice(i, end);
      const v = Number(text);
      if (!(c === 45 || (c >= 48 && c <= 57)) || v !== v) fail(`unrecognized token '${text}'`, i);
      this.fields.addNumber(node.id, text, v, m);
    }
    return end;
  }

  private array(node: PathNode, m: readonly number[], i: number): number {
    const t = this.t;
    const tracked = node.shared > 0;
    let id = 0;
    if (tracked) id = this.fields.markArray(node.id);
    else if (node.conditions === 0 && node.childKeys.length === 0) return skipValue(t, i);
    i = skipWs(t, i + 1);
    if (t.charCodeAt(i) !== CLOSE_ARRAY) {
      for (let index = 0; ; index++) {
        const inner = !tracked ? m : m.length === 0 ? [id, index] : m.concat(id, index);
        i = skipWs(t, this.value(node, inner, i));
        const c = t.charCodeAt(i);
        if (c === COMMA) {
          i = skipWs(t, i + 1);
          continue;
        }
        if (c === CLOSE_ARRAY) break;
        fail('expected , or ]', i);
      }
    }
    if (tracked) this.fields.endArray(id);
    return i + 1;
  }
}

/** The same selection for an event that is already an object. */
export function scanObject(value: unknown, paths: PathTable, fields: EventFields): void {
  const visit = (v: unknown, node: PathNode, m: readonly number[]): void => {
    if (Array.isArray(v)) {
      if (node.shared > 0) {
        const id = fields.markArray(node.id);
        v.forEach((element, index) => visit(element, node, [...m, id, index]));
        fields.endArray(id);
      } else if (node.conditions > 0 || node.children.size > 0) {
        // Numbers are what large arrays mostly hold: read in the loop, not through a call each.
        for (let k = 0; k < v.length; k++) {
          const element: unknown = v[k];
          if (typeof element !== 'number') visit(element, node, m);
          else if (node.conditions > 0) fields.addNumber(node.id, undefined, element, m);
        }
      }
      return;
    }
    if (v !== null && typeof v === 'object') {
      if (node.children.size === 0) return;
      for (const key of Object.keys(v)) {
        const child = paths.child(node, key);
        if (child !== undefined) visit((v as Record<string, unknown>)[key], child, m);
      }
      return;
    }
    if (node.conditions === 0) return;
    if (typeof v === 'string') fields.addString(node.id, v, m);
    else if (typeof v === 'number') fields.addNumber(node.id, undefined, v, m);
    else if (v === true) fields.addLiteral(node.id, TRUE, m);
    else if (v === false) fields.addLiteral(node.id, FALSE, m);
    else if (v === null) fields.addLiteral(node.id, NULL, m);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new EventError('Event is not a JSON object');
  visit(value, paths.root, NO_ARRAYS);
}
