// A JSON reader for pattern and event text, written by hand because JSON.parse cannot do two things
// EventBridge relies on: keep a number's text (`300.0`, `1e2`, integers above 2^53 are compared by text
// when they cannot be compared as doubles) and report errors in Jackson's words, which AWS passes
// through (`Unrecognized token 'this': was expecting …`). Repeated keys keep the LAST value, as
// Jackson does (event-ruler's ACMachineTest.testDuplicateKeyLastOneWins).
import { invalid } from './pattern-error.ts';

/** A JSON number with the text it was written as. */
export class JsonNumber {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}

export type JsonValue = string | JsonNumber | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Deepest nesting read: Jackson's default `StreamReadConstraints.getMaxNestingDepth()` (1000), which is
 * also the depth PutEvents documents. The reader recurses once per level, so this bounds its stack.
 */
export const MAX_NESTING_DEPTH = 1000;

function tooDeep(depth: number): never {
  invalid(
    `Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`,
  );
}

const EXPECTING_VALUE =
  "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

function describe(text: string, i: number): string {
  const code = text.charCodeAt(i);
  return `'${text[i]}' (code ${code})`;
}

class Reader {
  i = 0;
  depth = 0;
  constructor(readonly text: string) {}

  fail(reason: string): never {
    invalid(reason);
  }

  ws(): void {
    const t = this.text;
    let i = this.i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  value(): JsonValue {
    this.ws();
    const t = this.text;
    const c = t[this.i];
    if (c === undefined) this.fail('Unexpected end-of-input: expected a value');
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    return this.word();
  }

  word(): JsonValue {
    const t = this.text;
    let j = this.i;
    while (j < t.length && /[A-Za-z0-9_$]/.test(t[j] as string)) j++;
    const w = t.slice(this.i, j);
    if (w === 'true' || w === 'false' || w === 'null') {
      this.i = j;
      return w === 'null' ? null : w === 'true';
    }
    if (w === '')
      this.fail(
        `Unexpected character (${describe(t, this.i)}): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
      );
    this.fail(`Unrecognized token '${w}': ${EXPECTING_VALUE}`);
  }

  number(): JsonNumber {
    const t = this.text;
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.i;
    const found = m.exec(t);
    if (!found || found[0] === '-')
      this.fail(`Unexpected character (${describe(t, this.i + 1)}) in numeric value`);
    this.i += found[0].length;
    return new JsonNumber(found[0], Number(found[0]));
  }

  string(): string {
    const t = this.text;
    const start = this.i + 1;
    const end = t.indexOf('"', start);
    const slash = t.indexOf('\\', start);
    if (end >= 0 && (slash < 0 || slash > end)) {
      const s = t.slice(start, end);
      // JSON forbids raw control characters in strings (RFC 8259 section 7)
      // eslint-disable-next-line no-control-regex
      if (!/[\u0000-\u001f]/.test(s)) {
        this.i = end + 1;
        return s;
      }
    }
    let out = '';
    let i = start;
    for (;;) {
      const c = t[i];
      if (c === undefined)
        this.fail('Unexpected end-of-input: was expecting closing quote for a string value');
      if (c === '"') break;
      if (c === '\\') {
        const e = t[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          this.fail(`Unrecognized character escape ${e === undefined ? 'EOF' : describe(t, i + 1)}`);
        }
        continue;
      }
      if (c.charCodeAt(0) < 32)
        this.fail(
          `Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`,
        );
      out += c;
      i++;
    }
    this.i = i + 1;
    return out;
  }

  object(): { [key: string]: JsonValue } {
    if (++this.depth > MAX_NESTING_DEPTH) tooDeep(this.depth);
    const out = this.members();
    this.depth--;
    return out;
  }

  private members(): { [key: string]: JsonValue } {
    const t = this.text;
    const out: { [key: string]: JsonValue } = {};
    this.i++;
    this.ws();
    if (t[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (t[this.i] !== '"') {
        if (this.i >= t.length) this.fail('Unexpected end-of-input: expected close marker for Object');
        this.fail(
          `Unexpected character (${describe(t, this.i)}): was expecting double-quote to start field name`,
        );
      }
      const key = this.string();
      this.ws();
      if (t[this.i] !== ':') {
        if (this.i >= t.length) this.fail('Unexpected end-of-input: expected close marker for Object');
        this.fail(
          `Unexpected character (${describe(t, this.i)}): was expecting a colon to separate field name and value`,
        );
      }
      this.i++;
      const v = this.value();
      // Repeated key: the later one wins, but it keeps the first one's place like a JS object would.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = t[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return out;
      }
      if (c === undefined) this.fail('Unexpected end-of-input: expected close marker for Object');
      this.fail(
        `Unexpected character (${describe(t, this.i)}): was expecting comma to separate Object entries`,
      );
    }
  }

  array(): JsonValue[] {
    if (++this.depth > MAX_NESTING_DEPTH) tooDeep(this.depth);
    const out = this.elements();
    this.depth--;
    return out;
  }

  private elements(): JsonValue[] {
    const t = this.text;
    const out: JsonValue[] = [];
    this.i++;
    this.ws();
    if (t[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = t[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      if (c === undefined) this.fail('Unexpected end-of-input: expected close marker for Array');
      this.fail(
        `Unexpected character (${describe(t, this.i)}): was expecting comma to separate Array entries`,
      );
    }
  }
}

/** Parses JSON text; throws PatternError with Jackson's wording on invalid text. */
export function parseJsonText(text: string): JsonValue {
  const r = new Reader(text);
  const v = r.value();
  r.ws();
  if (r.i < text.length) {
    r.fail(`Unexpected character (${describe(text, r.i)}): expected end of input`);
  }
  return v;
}

/** Whether a plain value is already in the reader's form: no number to wrap, nothing unsupported. */
function inReaderForm(value: unknown, depth = 0): boolean {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return true;
  if (typeof value !== 'object') return false;
  if (value instanceof JsonNumber) return true;
  if (++depth > MAX_NESTING_DEPTH) tooDeep(depth);
  if (Array.isArray(value)) {
    for (const v of value as unknown[]) if (!inReaderForm(v, depth)) return false;
    return true;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (!inReaderForm((value as Record<string, unknown>)[keys[i] as string], depth)) return false;
  }
  return true;
}

/**
 * Converts a value from JSON.parse (or built in code) to the reader's form: numbers become
 * JsonNumber. A value with no number is used as it is (compiling 10,000 rules copies far less).
 * Nesting past MAX_NESTING_DEPTH is refused before anything recurses further.
 */
export function fromPlain(value: unknown): JsonValue {
  return inReaderForm(value) ? (value as JsonValue) : copyPlain(value);
}

function copyPlain(value: unknown, depth = 0): JsonValue {
  if (typeof value === 'number') return new JsonNumber(String(value), value);
  if (value !== null && typeof value === 'object' && !(value instanceof JsonNumber)) {
    if (++depth > MAX_NESTING_DEPTH) tooDeep(depth);
  }
  if (Array.isArray(value)) return value.map((v) => copyPlain(v, depth));
  if (value !== null && typeof value === 'object') {
    if (value instanceof JsonNumber) return value;
    const out: { [key: string]: JsonValue } = {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      out[k] = copyPlain((value as Record<string, unknown>)[k], depth);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  return invalid(`Unsupported value of type ${typeof value}`);
}
