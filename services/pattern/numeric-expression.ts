// The `numeric` operand is a small grammar, not a list of pairs (event-ruler
// JsonRuleCompiler.processNumericMatchExpression): one comparison (`=`, `<`, `<=`, `>`, `>=` and a number),
// or a lower bound (`>`/`>=`) followed by an upper bound (`<`/`<=`). Bounds are full doubles.
import { JsonNumber, type JsonValue } from './json-text.ts';
import { comparable } from './number-text.ts';
import { invalid } from './pattern-error.ts';
import type { Matcher } from './pattern-model.ts';

function token(v: JsonValue | undefined): string {
  if (v === undefined) return ']';
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return '[';
  if (typeof v === 'object' && v !== null) return '{';
  return String(v);
}

function operand(v: JsonValue | undefined, name: string): number {
  if (!(v instanceof JsonNumber)) invalid(`Value of ${name} must be numeric`);
  return comparable(v);
}

export function parseNumeric(list: readonly JsonValue[]): Matcher {
  const op = list[0];
  if (typeof op !== 'string') invalid(`Invalid member in numeric match: ${token(op)}`);
  switch (op) {
    case '=':
    case '<':
    case '<=': {
      const v = operand(list[1], op === '=' ? 'equals' : op);
      if (list.length > 2) invalid('Too many elements in numeric expression');
      if (op === '=') return { kind: 'numeric', low: v, lowOpen: false, high: v, highOpen: false };
      return { kind: 'numeric', low: -Infinity, lowOpen: false, high: v, highOpen: op === '<' };
    }
    case '>':
    case '>=': {
      const low = operand(list[1], op);
      const lowOpen = op === '>';
      if (list.length === 2) return { kind: 'numeric', low, lowOpen, high: Infinity, highOpen: false };
      const op2 = list[2];
      if (typeof op2 !== 'string') invalid(`Bad value in numeric range: ${token(op2)}`);
      if (op2 !== '<' && op2 !== '<=') invalid(`Bad numeric range operator: ${op2}`);
      const high = operand(list[3], op2);
      if (list.length > 4) invalid('Too many terms in numeric range expression');
      if (!(low < high)) invalid('Bottom must be less than top');
      return { kind: 'numeric', low, lowOpen, high, highOpen: op2 === '<' };
    }
    default:
      return invalid(`Unrecognized numeric range operator: ${op}`);
  }
}
