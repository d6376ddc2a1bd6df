// Does one leaf satisfy one matcher? The reference's interpretation, written for reading, not speed.
// event-ruler matches the quoted string form of string values, so text operators (prefix, suffix,
// wildcard, equals-ignore-case) apply to strings only, and `anything-but` accepts every leaf that is
// not excluded, including numbers, booleans and null.
import type { LeafValue } from './event-leaves.ts';
import { ipInRange } from './ip-address.ts';
import type { Matcher } from './pattern-model.ts';
import { wildcardMatches } from './wildcard.ts';

const lower = (s: string): string => s.toLowerCase();

function comparableNumber(v: LeafValue): number | undefined {
  return v.kind === 'number' && v.number.comparable ? v.number.value : undefined;
}

export function leafMatches(m: Matcher, v: LeafValue): boolean {
  const s = v.kind === 'string' ? v.value : undefined;
  switch (m.kind) {
    case 'string':
      return s === m.value;
    case 'number': {
      if (v.kind !== 'number') return false;
      if (v.number.text === m.number.text) return true;
      return m.number.comparable && v.number.comparable && v.number.value === m.number.value;
    }
    case 'literal':
      return v.kind === 'literal' && v.value === m.value;
    case 'ip':
      return s !== undefined && ipInRange(m.range, s);
    case 'prefix':
      return s !== undefined && s.startsWith(m.value);
    case 'suffix':
      return s !== undefined && s.endsWith(m.value);
    case 'equals-ignore-case':
      return s !== undefined && lower(s) === lower(m.value);
    case 'prefix-ignore-case':
      return s !== undefined && lower(s).startsWith(lower(m.value));
    case 'suffix-ignore-case':
      return s !== undefined && lower(s).endsWith(lower(m.value));
    case 'wildcard':
      return s !== undefined && wildcardMatches(m.wildcard, s);
    case 'numeric': {
      const n = comparableNumber(v);
      if (n === undefined) return false;
      const aboveLow = m.lowOpen ? n > m.low : n >= m.low;
      const belowHigh = m.highOpen ? n < m.high : n <= m.high;
      return aboveLow && belowHigh;
    }
    case 'anything-but': {
      if (s !== undefined) return !m.strings.includes(s);
      const n = comparableNumber(v);
      return n === undefined || !m.numbers.includes(n);
    }
    case 'anything-but-prefix':
      return s === undefined || !m.values.some((p) => s.startsWith(p));
    case 'anything-but-suffix':
      return s === undefined || !m.values.some((p) => s.endsWith(p));
    case 'anything-but-ignore-case':
      return s === undefined || !m.values.some((p) => lower(p) === lower(s));
    case 'anything-but-wildcard':
      return s === undefined || !m.wildcards.some((w) => wildcardMatches(w, s));
    case 'exists':
      // exists is about the path, not the value: any leaf satisfies `exists: true`; `false` is
      // decided by the matcher from the absence of leaves.
      return m.value;
  }
}
