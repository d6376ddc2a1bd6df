// A compiled matcher written back in the pattern language (EventBridge's content filtering syntax,
// eb-create-pattern-operators), so that an explanation speaks the pattern's own terms: `"books"`,
// `{"prefix": "x"}`, `{"numeric": [">=", 100, "<=", 5000]}`, `{"exists": false}`.
import type { IpRange } from '../ip-address.ts';
import type { LeafValue } from '../event-leaves.ts';
import type { Matcher } from '../pattern-model.ts';

/** A JSON value as the pattern or event wrote it: numbers keep their text where they have one. */
export type Written = string | number | boolean | null | { [op: string]: unknown };

function address(hex: string): string {
  if (hex.length === 8) return [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
  const groups: string[] = [];
  for (let i = 0; i < hex.length; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16).toString(16));
  return groups.join(':');
}

/** A single address where the range is one address (a bare IP string in the pattern), else a CIDR block. */
function ipText(range: IpRange): Written {
  if (range.low === range.high) return address(range.low);
  const span = BigInt(`0x${range.high}`) - BigInt(`0x${range.low}`) + 1n;
  const hostBits = span.toString(2).length - 1;
  return { cidr: `${address(range.low)}/${range.low.length * 4 - hostBits}` };
}

function numericOperand(m: Extract<Matcher, { kind: 'numeric' }>): Array<string | number> {
  if (m.low === m.high && !m.lowOpen && !m.highOpen) return ['=', m.low];
  const out: Array<string | number> = [];
  if (m.low !== -Infinity) out.push(m.lowOpen ? '>' : '>=', m.low);
  if (m.high !== Infinity) out.push(m.highOpen ? '<' : '<=', m.high);
  return out;
}

export function renderMatcher(m: Matcher): Written {
  switch (m.kind) {
    case 'string':
      return m.value;
    case 'number':
      return m.number.value;
    case 'literal':
      return m.value;
    case 'ip':
      return ipText(m.range);
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      return { [m.kind]: m.value };
    case 'prefix-ignore-case':
      return { prefix: { 'equals-ignore-case': m.value } };
    case 'suffix-ignore-case':
      return { suffix: { 'equals-ignore-case': m.value } };
    case 'wildcard':
      return { wildcard: m.wildcard.source };
    case 'numeric':
      return { numeric: numericOperand(m) };
    case 'anything-but':
      return { 'anything-but': [...m.strings, ...m.numbers] };
    case 'anything-but-prefix':
      return { 'anything-but': { prefix: m.values.length === 1 ? m.values[0] : m.values } };
    case 'anything-but-suffix':
      return { 'anything-but': { suffix: m.values.length === 1 ? m.values[0] : m.values } };
    case 'anything-but-ignore-case':
      return { 'anything-but': { 'equals-ignore-case': m.values.length === 1 ? m.values[0] : m.values } };
    case 'anything-but-wildcard': {
      const sources = m.wildcards.map((w) => w.source);
      return { 'anything-but': { wildcard: sources.length === 1 ? sources[0] : sources } };
    }
    case 'exists':
      return { exists: m.value };
  }
}

/** An event leaf's value as JSON: a number as its double (its text may be longer than a double holds). */
export function renderLeaf(v: LeafValue): Written {
  if (v.kind === 'number') return v.number.value;
  return v.value;
}
