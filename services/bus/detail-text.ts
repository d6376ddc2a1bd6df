// What JSON.parse does not tell about an entry's Detail text, found in one iterative pass (no recursion,
// whatever the depth): how deeply it nests, and whether each number survives the trip through a double.
// JSON.parse followed by JSON.stringify turns `1e999999` into `null` and 123456789012345678901234567890
// into 1.2345678901234568e+29; partners must receive the numbers that were sent, so an entry either keeps
// its numbers' text or is refused.
import { MAX_JSON_DEPTH, MAX_JSON_INTEGER, MIN_JSON_INTEGER } from './limits.ts';
import { jsonStringEnd } from './json-string-end.ts';

export type DetailCheck =
  | {
      ok: true;
      /** Some number would be written differently by JSON.stringify: keep the sent text. */ keepText: boolean;
    }
  | { ok: false; reason: string };

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

/**
 * Checks Detail text that JSON.parse has already accepted: nesting depth within MAX_JSON_DEPTH, integers
 * within the signed 64-bit range, other numbers finite as doubles.
 */
export function checkDetailText(text: string): DetailCheck {
  let depth = 0;
  let keepText = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = jsonStringEnd(text, i);
    } else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH)
        return { ok: false, reason: `Detail is nested deeper than ${MAX_JSON_DEPTH} levels.` };
    } else if (c === 125 || c === 93) {
      depth--;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue; // JSON.parse accepted the text, so this cannot happen
      const token = m[0];
      const value = Number(token);
      if (m[1] === undefined && m[2] === undefined) {
        if (!Number.isSafeInteger(value)) {
          const big = BigInt(token);
          if (big < MIN_JSON_INTEGER || big > MAX_JSON_INTEGER)
            return {
              ok: false,
              reason: `Detail number ${abbreviate(token)} is outside the integer range -9223372036854775808..9223372036854775807.`,
            };
          keepText = true;
        } else if (!keepText && String(value) !== token) keepText = true; // `-0`
      } else if (!Number.isFinite(value)) {
        return { ok: false, reason: `Detail number ${abbreviate(token)} is outside the range of a double.` };
      } else if (!keepText && String(value) !== token) keepText = true;
      i += token.length - 1;
    }
  }
  return { ok: true, keepText };
}

/** Whether JSON text nests deeper than MAX_JSON_DEPTH (one pass, strings skipped). */
export function nestsTooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = jsonStringEnd(text, i);
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/**
 * The Detail text as sent, without the whitespace between tokens: the event's `detail` when some number
 * would not survive JSON.stringify (strings are kept as written, escapes included: the same values).
 */
export function compactDetailText(text: string): string {
  let out = '';
  let from = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = jsonStringEnd(text, i);
    else if (c === 32 || c === 10 || c === 13 || c === 9) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

function abbreviate(token: string): string {
  return token.length > 40 ? `${token.slice(0, 37)}...` : token;
}
