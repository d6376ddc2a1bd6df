// A selective JSON scanner: walks event text once, decoding only the values at paths some rule
// names and skipping everything else unread (a skipped string costs one native indexOf). This is
// what lets matching from text run faster than JSON.parse. The structure it walks is checked;
// skipped values are only bracket-matched, so text that is invalid inside a skipped value may be
// accepted (the reference matcher, which parses fully, is the strict one).
import { isComparableNumber } from '../number-text.ts';
import { EventError } from '../pattern-error.ts';
import {
  FALSE,
  NO_ARRAYS,
  NULL,
  NUMBER,
  STRING,
  TRUE,
  type EventFields,
  type MachineLeaf,
} from './event-fields.ts';
import type { PathNode, PathTable } from './path-table.ts';

const QUOTE = 34;
const BACKSLASH = 92;

export function numberLeaf(text: string, m: readonly number[]): MachineLeaf {
  const n = Number(text);
  return { k: NUMBER, s: '', n, t: text, c: isComparableNumber(text, n), m };
}

export function stringLeaf(s: string, m: readonly number[]): MachineLeaf {
  return { k: STRING, s, n: 0, t: '', c: false, m };
}

export function literalLeaf(k: number, m: readonly number[]): MachineLeaf {
  return { k, s: '', n: 0, t: '', c: false, m };
}

export class JsonScanner {
  private t = '';
  private i = 0;
  private arrays = 0;

  constructor(
    private readonly paths: PathTable,
    private readonly fields: EventFields,
  ) {}

  scan(text: string): void {
    this.t = text;
    this.i = 0;
    this.arrays = 0;
    this.ws();
    if (text.charCodeAt(this.i) !== 123) this.fail('Event is not a JSON object');
    this.object(this.paths.root, NO_ARRAYS);
    this.ws();
    if (this.i < text.length) this.fail('unexpected text after the event');
  }

  private fail(reason: string): never {
    throw new EventError(`Event is not valid JSON: ${reason} at offset ${this.i}`);
  }

  private ws(): void {
    const t = this.t;
    let i = this.i;
    if (t.charCodeAt(i) > 32) return;
    let c = t.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++i);
    this.i = i;
  }

  /** Index of the quote closing the string whose opening quote is at `start`. */
  private stringEnd(start: number): number {
    const t = this.t;
    let j = start + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) this.fail('unterminated string');
      let k = q - 1;
      while (t.charCodeAt(k) === BACKSLASH) k--;
      if ((q - 1 - k) % 2 === 0) return q;
      j = q + 1;
    }
  }

  private string(): string {
    const start = this.i;
    const end = this.stringEnd(start);
    this.i = end + 1;
    const raw = this.t.slice(start + 1, end);
    return raw.indexOf('\\') < 0 ? raw : (JSON.parse(this.t.slice(start, end + 1)) as string);
  }

  private object(node: PathNode, m: readonly number[]): void {
    const t = this.t;
    this.i++;
    this.ws();
    if (t.charCodeAt(this.i) === 125) {
      this.i++;
      return;
    }
    for (;;) {
      if (t.charCodeAt(this.i) !== QUOTE) this.fail('expected a field name');
      const start = this.i + 1;
      const end = this.stringEnd(this.i);
      const child = node.childKeys.length === 0 ? undefined : this.findChild(node, start, end);
      this.i = end + 1;
      this.ws();
      if (t.charCodeAt(this.i) !== 58) this.fail('expected a colon');
      this.i++;
      this.ws();
      if (child === undefined) this.skip();
      else this.value(child, m);
      this.ws();
      const c = t.charCodeAt(this.i);
      this.i++;
      if (c === 44) {
        this.ws();
        continue;
      }
      if (c === 125) return;
      this.i--;
      this.fail('expected , or }');
    }
  }

  /** The child named by the key text[start, end), compared in place; decoded only when escaped or dotted. */
  private findChild(node: PathNode, start: number, end: number): PathNode | undefined {
    const t = this.t;
    const len = end - start;
    if ((node.lengthMask >>> Math.min(len, 31)) & 1) {
      const keys = node.childKeys;
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string;
        if (key.length === len && t.startsWith(key, start)) return node.childNodes[k];
      }
    }
    let special = false;
    for (let j = start; j < end; j++) {
      const c = t.charCodeAt(j);
      if (c === BACKSLASH || (c === 46 && node.deep)) {
        special = true;
        break;
      }
    }
    if (!special) return undefined;
    const raw = t.slice(start, end);
    const key = raw.indexOf('\\') < 0 ? raw : (JSON.parse(t.slice(start - 1, end + 1)) as string);
    return this.paths.child(node, key);
  }

  private value(node: PathNode, m: readonly number[]): void {
    const t = this.t;
    const c = t.charCodeAt(this.i);
    if (c === 123) {
      this.object(node, m);
    } else if (c === 91) {
      this.array(node, m);
    } else if (node.conditions === 0) {
      this.skip();
    } else if (c === QUOTE) {
      this.fields.add(node.id, stringLeaf(this.string(), m));
    } else {
      const start = this.i;
      this.skip();
      const text = t.slice(start, this.i);
      if (text === 'true') this.fields.add(node.id, literalLeaf(TRUE, m));
      else if (text === 'false') this.fields.add(node.id, literalLeaf(FALSE, m));
      else if (text === 'null') this.fields.add(node.id, literalLeaf(NULL, m));
      else if ((c === 45 || (c >= 48 && c <= 57)) && !Number.isNaN(Number(text)))
        this.fields.add(node.id, numberLeaf(text, m));
      else this.fail(`unrecognized token '${text}'`);
    }
  }

  private array(node: PathNode, m: readonly number[]): void {
    const t = this.t;
    const id = this.arrays++;
    this.i++;
    this.ws();
    if (t.charCodeAt(this.i) === 93) {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      const inner = m.length === 0 ? [id, index] : m.concat(id, index);
      this.value(node, inner);
      this.ws();
      const c = t.charCodeAt(this.i);
      this.i++;
      if (c === 44) {
        this.ws();
        continue;
      }
      if (c === 93) return;
      this.i--;
      this.fail('expected , or ]');
    }
  }

  /** Skips one value without decoding it. */
  private skip(): void {
    const t = this.t;
    let c = t.charCodeAt(this.i);
    if (c === QUOTE) {
      this.i = this.stringEnd(this.i) + 1;
      return;
    }
    if (c === 123 || c === 91) {
      let depth = 0;
      let i = this.i;
      for (;;) {
        c = t.charCodeAt(i);
        if (c === QUOTE) i = this.stringEnd(i) + 1;
        else {
          if (c === 123 || c === 91) depth++;
          else if (c === 125 || c === 93) depth--;
          else if (Number.isNaN(c)) this.fail('unexpected end of input');
          i++;
          if (depth === 0) break;
        }
      }
      this.i = i;
      return;
    }
    let i = this.i;
    // a number or true/false/null: up to the next delimiter
    while (i < t.length) {
      c = t.charCodeAt(i);
      if (c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) break;
      i++;
    }
    if (i === this.i) this.fail('expected a value');
    this.i = i;
  }
}

/** The same selection for an event that is already an object. */
export function scanObject(value: unknown, paths: PathTable, fields: EventFields): void {
  let arrays = 0;
  const visit = (v: unknown, node: PathNode, m: readonly number[]): void => {
    if (Array.isArray(v)) {
      const id = arrays++;
      v.forEach((element, index) => visit(element, node, [...m, id, index]));
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
    if (typeof v === 'string') fields.add(node.id, stringLeaf(v, m));
    else if (typeof v === 'number') fields.add(node.id, numberLeaf(String(v), m));
    else if (v === true) fields.add(node.id, literalLeaf(TRUE, m));
    else if (v === false) fields.add(node.id, literalLeaf(FALSE, m));
    else if (v === null) fields.add(node.id, literalLeaf(NULL, m));
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new EventError('Event is not a JSON object');
  visit(value, paths.root, NO_ARRAYS);
}
