// Matchers compiled to closures over one leaf of the machine's column-wise event store. Kept apart
// from the reference's value-test.ts on purpose: the property tests compare the two, so they must
// not share the logic they are checking (they share only the operand parsers: IP ranges, wildcards).
import { ipToHex } from '../ip-address.ts';
import type { Matcher } from '../pattern-model.ts';
import { wildcardMatches } from '../wildcard.ts';
import { FALSE, NULL, NUMBER, STRING, TRUE, type EventFields } from './event-fields.ts';

/** Does leaf `i` of the current event pass? */
export type LeafPredicate = (f: EventFields, i: number) => boolean;

const LITERAL_KIND = new Map<boolean | null, number>([
  [true, TRUE],
  [false, FALSE],
  [null, NULL],
]);

function hexOf(f: EventFields, i: number): string | null {
  let h = f.hex[i];
  if (h === undefined) f.hex[i] = h = ipToHex(f.str[i] as string) ?? null;
  return h;
}

/** `ipv4Value` answers: not an IP address at all / not decided, use the general parser. */
const NOT_IP = -1;
const UNDECIDED = -2;

/**
 * The 32-bit value of a dotted-quad IPv4 address as ip-address.ts reads it (four groups of 1–10
 * digits, leading zeros allowed, each at most 255), NOT_IP when the text cannot be an address, or
 * UNDECIDED when it may be an IPv6 one (which the general parser then reads, mapped forms included).
 */
function ipv4Value(s: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 10) return dots > 0 ? NOT_IP : UNDECIDED;
    } else if (c === 46) {
      if (digits === 0 || part > 255 || ++dots > 3) return NOT_IP;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else return dots > 0 ? NOT_IP : UNDECIDED; // no IPv6 shape has a dot
  }
  if (dots !== 3) return dots > 0 ? NOT_IP : UNDECIDED;
  if (digits === 0 || part > 255) return NOT_IP;
  return value * 256 + part;
}

export function compileMatcher(m: Matcher): LeafPredicate {
  switch (m.kind) {
    case 'string': {
      const v = m.value;
      return (f, i) => f.kind[i] === STRING && f.str[i] === v;
    }
    case 'number': {
      const { text, value, comparable } = m.number;
      return (f, i) => {
        if (f.kind[i] !== NUMBER) return false;
        const own = f.str[i];
        // A number kept without text is written String(value), which survives the trip: the same text
        // would mean the same double, and a pattern text that does not survive it is never that text.
        if (own === undefined) return comparable && f.num[i] === value;
        return own === text || (comparable && f.num[i] === value && f.comparable(i));
      };
    }
    case 'literal': {
      const k = LITERAL_KIND.get(m.value) as number;
      return (f, i) => f.kind[i] === k;
    }
    case 'ip': {
      const { low, high } = m.range;
      const v4 = low.length === 8;
      const lowValue = v4 ? parseInt(low, 16) : 0;
      const highValue = v4 ? parseInt(high, 16) : 0;
      return (f, i) => {
        if (f.kind[i] !== STRING) return false;
        if (v4) {
          const n = ipv4Value(f.str[i] as string);
          if (n >= 0) return n >= lowValue && n <= highValue;
          if (n === NOT_IP) return false;
        }
        const h = hexOf(f, i);
        return h !== null && h.length === low.length && h >= low && h <= high;
      };
    }
    case 'prefix': {
      const v = m.value;
      return (f, i) => f.kind[i] === STRING && (f.str[i] as string).startsWith(v);
    }
    case 'suffix': {
      const v = m.value;
      return (f, i) => f.kind[i] === STRING && (f.str[i] as string).endsWith(v);
    }
    case 'equals-ignore-case': {
      const v = m.value.toLowerCase();
      return (f, i) => f.kind[i] === STRING && (f.str[i] as string).toLowerCase() === v;
    }
    case 'prefix-ignore-case': {
      const v = m.value.toLowerCase();
      return (f, i) => f.kind[i] === STRING && (f.str[i] as string).toLowerCase().startsWith(v);
    }
    case 'suffix-ignore-case': {
      const v = m.value.toLowerCase();
      return (f, i) => f.kind[i] === STRING && (f.str[i] as string).toLowerCase().endsWith(v);
    }
    case 'wildcard': {
      const w = m.wildcard;
      return (f, i) => f.kind[i] === STRING && wildcardMatches(w, f.str[i] as string);
    }
    case 'numeric': {
      const { low, high, lowOpen, highOpen } = m;
      return (f, i) => {
        if (f.kind[i] !== NUMBER) return false;
        const n = f.num[i] as number;
        return (lowOpen ? n > low : n >= low) && (highOpen ? n < high : n <= high) && f.comparable(i);
      };
    }
    case 'anything-but': {
      const strings = new Set(m.strings);
      const numbers = new Set(m.numbers);
      return (f, i) => {
        const k = f.kind[i];
        if (k === STRING) return !strings.has(f.str[i] as string);
        return !(k === NUMBER && numbers.has(f.num[i] as number) && f.comparable(i));
      };
    }
    case 'anything-but-prefix': {
      const vs = m.values;
      return (f, i) => f.kind[i] !== STRING || !vs.some((p) => (f.str[i] as string).startsWith(p));
    }
    case 'anything-but-suffix': {
      const vs = m.values;
      return (f, i) => f.kind[i] !== STRING || !vs.some((p) => (f.str[i] as string).endsWith(p));
    }
    case 'anything-but-ignore-case': {
      const vs = new Set(m.values.map((v) => v.toLowerCase()));
      return (f, i) => f.kind[i] !== STRING || !vs.has((f.str[i] as string).toLowerCase());
    }
    case 'anything-but-wildcard': {
      const ws = m.wildcards;
      return (f, i) => f.kind[i] !== STRING || !ws.some((w) => wildcardMatches(w, f.str[i] as string));
    }
    case 'exists': {
      const v = m.value;
      return () => v;
    }
  }
}

/** Any of the alternatives, `exists: false` excluded (it is decided by absence, not by a leaf). */
export function compileAlternatives(matchers: readonly Matcher[]): LeafPredicate | undefined {
  const tests = matchers.filter((m) => !(m.kind === 'exists' && !m.value)).map(compileMatcher);
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (f, i) => {
    for (let k = 0; k < tests.length; k++) if ((tests[k] as LeafPredicate)(f, i)) return true;
    return false;
  };
}
