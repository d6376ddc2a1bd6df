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

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Checks Detail text that JSON.parse has already accepted: nesting depth within MAX_JSON_DEPTH, integers
 * within the signed 64-bit range, other numbers finite as doubles. Numbers are read in place, and
 * converted only when their text leaves the answer open: an integer of at most 15 digits is a safe
 * integer that JSON.stringify writes back as sent (but `-0`); a number without exponent and with at most
 * 308 integer digits is finite; and once some number keeps its text, no other needs comparing. (With a
 * regular expression and a conversion per number this took ~12 ms per 256 KB of numbers.)
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
    } else if (c === 45 || isDigit(c)) {
      // JSON.parse accepted the text: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
      const digitsFrom = c === 45 ? i + 1 : i;
      let j = digitsFrom;
      while (isDigit(text.charCodeAt(j))) j++;
      const intDigits = j - digitsFrom;
      let plainInteger = true;
      let exponent = false;
      if (text.charCodeAt(j) === 46) {
        plainInteger = false;
        j++;
        while (isDigit(text.charCodeAt(j))) j++;
      }
      const e = text.charCodeAt(j);
      if (e === 101 || e === 69) {
        plainInteger = false;
        exponent = true;
        j++;
        const sign = text.charCodeAt(j);
        if (sign === 43 || sign === 45) j++;
        while (isDigit(text.charCodeAt(j))) j++;
      }
      if (plainInteger) {
        if (intDigits > 15) {
          const token = text.slice(i, j);
          const value = Number(token);
          if (!Number.isSafeInteger(value)) {
            const big = BigInt(token);
            if (big < MIN_JSON_INTEGER || big > MAX_JSON_INTEGER)
              return {
                ok: false,
                reason: `Detail number ${abbreviate(token)} is outside the integer range -9223372036854775808..9223372036854775807.`,
              };
            keepText = true;
          } else if (!keepText && String(value) !== token) keepText = true;
        } else if (c === 45 && intDigits === 1 && text.charCodeAt(digitsFrom) === 48) keepText = true; // `-0`
      } else if (exponent || intDigits > 308 || !keepText) {
        const token = text.slice(i, j);
        const value = Number(token);
        if (!Number.isFinite(value))
          return {
            ok: false,
            reason: `Detail number ${abbreviate(token)} is outside the range of a double.`,
          };
        if (!keepText && String(value) !== token) keepText = true;
      }
      i = j - 1;
    }
  }
  return { ok: true, keepText };
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
