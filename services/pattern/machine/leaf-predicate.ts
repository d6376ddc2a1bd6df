// Matchers compiled to closures over the machine's leaves. Kept apart from the reference's
// value-test.ts on purpose: the property tests compare the two, so they must not share the logic
// they are checking (they share only the operand parsers: IP ranges and wildcards).
import { ipToHex } from '../ip-address.ts';
import type { Matcher } from '../pattern-model.ts';
import { wildcardMatches } from '../wildcard.ts';
import { FALSE, NULL, NUMBER, STRING, TRUE, type MachineLeaf } from './event-fields.ts';

export type LeafPredicate = (leaf: MachineLeaf) => boolean;

const LITERAL_KIND = new Map<boolean | null, number>([
  [true, TRUE],
  [false, FALSE],
  [null, NULL],
]);

export function compileMatcher(m: Matcher): LeafPredicate {
  switch (m.kind) {
    case 'string': {
      const v = m.value;
      return (l) => l.k === STRING && l.s === v;
    }
    case 'number': {
      const { text, value, comparable } = m.number;
      return (l) => l.k === NUMBER && (l.t === text || (comparable && l.c && l.n === value));
    }
    case 'literal': {
      const k = LITERAL_KIND.get(m.value) as number;
      return (l) => l.k === k;
    }
    case 'ip': {
      const { low, high } = m.range;
      return (l) => {
        if (l.k !== STRING) return false;
        if (l.h === undefined) l.h = ipToHex(l.s) ?? null;
        const h = l.h;
        return h !== null && h.length === low.length && h >= low && h <= high;
      };
    }
    case 'prefix': {
      const v = m.value;
      return (l) => l.k === STRING && l.s.startsWith(v);
    }
    case 'suffix': {
      const v = m.value;
      return (l) => l.k === STRING && l.s.endsWith(v);
    }
    case 'equals-ignore-case': {
      const v = m.value.toLowerCase();
      return (l) => l.k === STRING && l.s.toLowerCase() === v;
    }
    case 'prefix-ignore-case': {
      const v = m.value.toLowerCase();
      return (l) => l.k === STRING && l.s.toLowerCase().startsWith(v);
    }
    case 'suffix-ignore-case': {
      const v = m.value.toLowerCase();
      return (l) => l.k === STRING && l.s.toLowerCase().endsWith(v);
    }
    case 'wildcard': {
      const w = m.wildcard;
      return (l) => l.k === STRING && wildcardMatches(w, l.s);
    }
    case 'numeric': {
      const { low, high, lowOpen, highOpen } = m;
      return (l) =>
        l.k === NUMBER && l.c && (lowOpen ? l.n > low : l.n >= low) && (highOpen ? l.n < high : l.n <= high);
    }
    case 'anything-but': {
      const strings = new Set(m.strings);
      const numbers = new Set(m.numbers);
      return (l) => (l.k === STRING ? !strings.has(l.s) : !(l.k === NUMBER && l.c && numbers.has(l.n)));
    }
    case 'anything-but-prefix': {
      const vs = m.values;
      return (l) => l.k !== STRING || !vs.some((p) => l.s.startsWith(p));
    }
    case 'anything-but-suffix': {
      const vs = m.values;
      return (l) => l.k !== STRING || !vs.some((p) => l.s.endsWith(p));
    }
    case 'anything-but-ignore-case': {
      const vs = new Set(m.values.map((v) => v.toLowerCase()));
      return (l) => l.k !== STRING || !vs.has(l.s.toLowerCase());
    }
    case 'anything-but-wildcard': {
      const ws = m.wildcards;
      return (l) => l.k !== STRING || !ws.some((w) => wildcardMatches(w, l.s));
    }
    case 'exists':
      return () => m.value;
  }
}

/** Any of the alternatives, `exists: false` excluded (it is decided by absence, not by a leaf). */
export function compileAlternatives(matchers: readonly Matcher[]): LeafPredicate | undefined {
  const tests = matchers.filter((m) => !(m.kind === 'exists' && !m.value)).map(compileMatcher);
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (l) => {
    for (const t of tests) if (t(l)) return true;
    return false;
  };
}
