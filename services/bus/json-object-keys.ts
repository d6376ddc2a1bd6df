// Checks that text is one JSON object (RFC 8259 §2-7) and gives its top-level keys, without building
// the value: TestEventPattern needs only that (the machine then reads the fields it names from the
// text), and JSON.parse of a 500 KB event of 37,000 keys spent ~30 ms building an object nobody read.
// One iterative pass, an explicit stack, nothing recursive: depth is bounded by `maxDepth`.
import { MAX_JSON_DEPTH } from './limits.ts';

const WS = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
const DIGIT = (c: number): boolean => c >= 48 && c <= 57;
const HEX = (c: number): boolean => DIGIT(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
/** The characters that may follow a backslash, besides `u`. */
const ESCAPES = new Set([34, 92, 47, 98, 102, 110, 114, 116]);

function skipWs(t: string, i: number): number {
  while (WS(t.charCodeAt(i))) i++;
  return i;
}

/** Index after the string whose opening quote is at i, or -1 when it is not a valid JSON string. */
function stringEnd(t: string, i: number): number {
  for (let j = i + 1; ;) {
    const q = t.indexOf('"', j);
    if (q < 0) return -1;
    // Between j and q: no control character; backslashes start valid escapes (an escaped quote
    // moves the search on).
    let k = j;
    for (; k < q; k++) {
      const c = t.charCodeAt(k);
      if (c < 32) return -1;
      if (c === 92) {
        const e = t.charCodeAt(k + 1);
        if (e === 117) {
          if (!(
            HEX(t.charCodeAt(k + 2)) &&
            HEX(t.charCodeAt(k + 3)) &&
            HEX(t.charCodeAt(k + 4)) &&
            HEX(t.charCodeAt(k + 5))
          ))
            return -1;
          k += 5;
        } else if (ESCAPES.has(e)) k++;
        else return -1;
      }
    }
    if (k === q) return q + 1;
    j = k; // the escape ran past q: that quote was escaped
  }
}

/** Index after the number at i (-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?), or -1. */
function numberEnd(t: string, i: number): number {
  if (t.charCodeAt(i) === 45) i++;
  const first = t.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) while (DIGIT(t.charCodeAt(i))) i++;
  else return -1;
  if (t.charCodeAt(i) === 46) {
    if (!DIGIT(t.charCodeAt(++i))) return -1;
    while (DIGIT(t.charCodeAt(i))) i++;
  }
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    const sign = t.charCodeAt(++i);
    if (sign === 43 || sign === 45) i++;
    if (!DIGIT(t.charCodeAt(i))) return -1;
    while (DIGIT(t.charCodeAt(i))) i++;
  }
  return i;
}

const OBJECT = 1;
const ARRAY = 2;

/**
 * The top-level keys of `text` when it is one JSON object nesting at most `maxDepth` levels (what
 * JSON.parse accepts, depth aside); undefined otherwise.
 */
export function jsonObjectKeys(text: string, maxDepth = MAX_JSON_DEPTH): Set<string> | undefined {
  const keys = new Set<string>();
  const stack = new Uint8Array(maxDepth + 1);
  let depth = 0;
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 123) return undefined;
  // Each turn reads one value at i, then what follows it up to the next value.
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (depth === maxDepth) return undefined;
      const opened = c === 123 ? OBJECT : ARRAY;
      stack[++depth] = opened;
      i = skipWs(text, i + 1);
      const close = text.charCodeAt(i);
      if (close === (opened === OBJECT ? 125 : 93)) {
        depth--;
        i++;
      } else if (opened === OBJECT) {
        i = key(text, i, depth === 1 ? keys : undefined);
        if (i < 0) return undefined;
        continue;
      } else continue;
    } else if (c === 34) i = stringEnd(text, i);
    else if (c === 116) i = text.startsWith('true', i) ? i + 4 : -1;
    else if (c === 102) i = text.startsWith('false', i) ? i + 5 : -1;
    else if (c === 110) i = text.startsWith('null', i) ? i + 4 : -1;
    else i = numberEnd(text, i);
    if (i < 0) return undefined;
    // After a value: `,` then the next member or element, or the container's end (maybe several).
    for (;;) {
      i = skipWs(text, i);
      if (depth === 0) return i === text.length ? keys : undefined;
      const after = text.charCodeAt(i);
      const inObject = stack[depth] === OBJECT;
      if (after === 44) {
        i = skipWs(text, i + 1);
        if (inObject) {
          i = key(text, i, depth === 1 ? keys : undefined);
          if (i < 0) return undefined;
        }
        break;
      }
      if (after !== (inObject ? 125 : 93)) return undefined;
      depth--;
      i++;
    }
  }
}

/** Reads `"key" :` at i (recording the key in `keys` if given); returns the index of the value, or -1. */
function key(text: string, i: number, keys: Set<string> | undefined): number {
  if (text.charCodeAt(i) !== 34) return -1;
  const end = stringEnd(text, i);
  if (end < 0) return -1;
  if (keys !== undefined) keys.add(JSON.parse(text.slice(i, end)) as string);
  i = skipWs(text, end);
  if (text.charCodeAt(i) !== 58) return -1;
  return skipWs(text, i + 1);
}
