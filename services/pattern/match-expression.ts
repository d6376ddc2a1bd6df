// One `{ "operator": operand }` object inside a field's value list, validated with AWS's messages
// (event-ruler JsonRuleCompiler.processMatchExpression, commit 337e8d9; AWS answers recorded by
// LocalStack's snapshot tests). Operator names are case-sensitive: `NUMERIC` is unrecognized.
import { JsonNumber, type JsonValue } from './json-text.ts';
import { ipToHex, parseCidr } from './ip-address.ts';
import { invalid } from './pattern-error.ts';
import type { Matcher } from './pattern-model.ts';
import { comparable, numberValue } from './number-text.ts';
import { parseWildcard, type Wildcard } from './wildcard.ts';
import { parseNumeric } from './numeric-expression.ts';

type JsonObject = { [key: string]: JsonValue };

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}

function onlyKey(expr: JsonObject, message = 'Only one key allowed in match expression'): void {
  if (Object.keys(expr).length > 1) invalid(message);
}

function str(v: JsonValue | undefined, message: string): string {
  if (typeof v !== 'string') invalid(message);
  return v;
}

/** `prefix`/`suffix` take a string or `{ "equals-ignore-case": string }`. */
function affix(op: 'prefix' | 'suffix', operand: JsonValue | undefined): Matcher {
  if (isObject(operand)) {
    const inner = Object.keys(operand)[0];
    const title = op === 'prefix' ? 'Prefix' : 'Suffix';
    if (inner === undefined) invalid(`${title} expression name not found`);
    if (inner !== 'equals-ignore-case') invalid(`Unsupported ${op} pattern: ${inner}`);
    const value = str(operand[inner], 'equals-ignore-case match pattern must be a string');
    onlyKey(operand);
    return { kind: op === 'prefix' ? 'prefix-ignore-case' : 'suffix-ignore-case', value };
  }
  return { kind: op, value: str(operand, `${op} match pattern must be a string`) };
}

const ANYTHING_BUT_TYPE = 'Value of anything-but must be an array or single string/number value.';

function anythingBut(operand: JsonValue | undefined): Matcher {
  let modifier: string | undefined;
  let values = operand;
  if (isObject(operand)) {
    modifier = Object.keys(operand)[0];
    if (modifier === undefined) invalid('Anything-But expression name not found');
    if (!['equals-ignore-case', 'prefix', 'suffix', 'wildcard'].includes(modifier)) {
      invalid(`Unsupported anything-but pattern: ${modifier}`);
    }
    values = operand[modifier];
    if (!Array.isArray(values) && typeof values !== 'string' && !(values instanceof JsonNumber))
      invalid(ANYTHING_BUT_TYPE);
    onlyKey(operand, 'Too many elements in numeric expression');
  } else if (!Array.isArray(values) && typeof values !== 'string' && !(values instanceof JsonNumber)) {
    invalid(ANYTHING_BUT_TYPE);
  }
  const list = Array.isArray(values) ? values : [values as JsonValue];
  if (modifier === undefined) {
    const strings: string[] = [];
    const numbers: number[] = [];
    for (const v of list) {
      if (typeof v === 'string') strings.push(v);
      else if (v instanceof JsonNumber) numbers.push(comparable(v));
      else
        invalid(
          Array.isArray(values)
            ? 'Inside anything but list, start|null|boolean is not supported.'
            : 'Inside anything-but list, start|null|boolean is not supported.',
        );
    }
    if (strings.length > 0 === numbers.length > 0) {
      invalid(
        'Inside anything but list, either all values are number or string, mixed type is not supported',
      );
    }
    return { kind: 'anything-but', strings, numbers };
  }
  // AWS accepts an empty modifier list and then fails on it at match time; refusing it is safer.
  if (list.length === 0) invalid('Empty arrays are not allowed');
  const strings = list.map((v) => {
    if (typeof v === 'string') return v;
    if (modifier === 'equals-ignore-case')
      invalid('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    if (modifier === 'wildcard') invalid('wildcard match pattern must be a string');
    return invalid('prefix/suffix match pattern must be a string');
  });
  switch (modifier) {
    case 'prefix':
    case 'suffix':
      if (strings.some((s) => s === '')) invalid('Null prefix/suffix not allowed');
      return { kind: modifier === 'prefix' ? 'anything-but-prefix' : 'anything-but-suffix', values: strings };
    case 'equals-ignore-case':
      return { kind: 'anything-but-ignore-case', values: strings };
    default: {
      const wildcards: Wildcard[] = strings.map(parseWildcard);
      return { kind: 'anything-but-wildcard', wildcards };
    }
  }
}

export function parseMatchExpression(expr: JsonObject): Matcher {
  const op = Object.keys(expr)[0];
  if (op === undefined) invalid('Match expression name not found');
  const operand = expr[op];
  let matcher: Matcher;
  switch (op) {
    case 'exactly':
      matcher = { kind: 'string', value: str(operand, 'exact match pattern must be a string') };
      break;
    case 'prefix':
    case 'suffix':
      matcher = affix(op, operand);
      break;
    case 'equals-ignore-case':
      matcher = {
        kind: 'equals-ignore-case',
        value: str(operand, 'equals-ignore-case match pattern must be a string'),
      };
      break;
    case 'wildcard':
      matcher = {
        kind: 'wildcard',
        wildcard: parseWildcard(str(operand, 'wildcard match pattern must be a string')),
      };
      break;
    case 'cidr':
      matcher = { kind: 'ip', range: parseCidr(str(operand, 'prefix match pattern must be a string')) };
      break;
    case 'numeric':
      if (!Array.isArray(operand)) invalid('Value of numeric must be an array.');
      matcher = parseNumeric(operand);
      onlyKey(expr, 'Too many elements in numeric expression');
      return matcher;
    case 'anything-but':
      matcher = anythingBut(operand);
      onlyKey(expr, 'Too many elements in numeric expression');
      return matcher;
    case 'exists':
      if (typeof operand !== 'boolean') invalid('exists match pattern must be either true or false.');
      matcher = { kind: 'exists', value: operand };
      break;
    default:
      invalid(`Unrecognized match type ${op}`);
  }
  onlyKey(expr);
  return matcher;
}

/** A bare value in a field's list: string, number, true, false or null. */
export function parseLiteral(v: JsonValue): Matcher {
  if (typeof v === 'string') {
    // event-ruler turns a string that is an IP address into a one-address range (CIDR.ipToRangeIfPossible),
    // so `"10.0.0.1"` also matches `"010.0.0.1"`; anything else is compared as a string.
    // Every address shape has a dot or a colon: most strings skip the two regexes.
    const h = v.indexOf('.') < 0 && v.indexOf(':') < 0 ? undefined : ipToHex(v);
    return h === undefined ? { kind: 'string', value: v } : { kind: 'ip', range: { low: h, high: h } };
  }
  if (v instanceof JsonNumber) return { kind: 'number', number: numberValue(v) };
  if (typeof v === 'boolean' || v === null) return { kind: 'literal', value: v };
  return invalid('Match value must be String, number, true, false, or null');
}
