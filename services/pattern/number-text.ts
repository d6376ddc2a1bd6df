// Which JSON numbers EventBridge compares as numbers. event-ruler's ComparableNumber (commit 337e8d9)
// accepts a number when its double is finite and converts back to the same decimal value
// (`BigDecimal.valueOf(double).compareTo(decimal) == 0`): `300.0` and `3.018e2` are comparable,
// `1E-325` (underflows to 0), `2.0e422` (overflows) and `12345678901234567890` (rounded) are not.
// A number that is not comparable still matches a pattern number written with the same text.
import type { JsonNumber } from './json-text.ts';
import { invalid } from './pattern-error.ts';
import type { NumberValue } from './pattern-model.ts';

/** `[sign, digits without leading/trailing zeros, exponent of the last digit]`, or undefined for zero. */
function decimalParts(text: string): [string, string, number] | undefined {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  let digits = intPart + frac;
  let exp = Number(m[4] ?? '0') - frac.length;
  digits = digits.replace(/^0+/, '');
  if (digits === '') return undefined;
  const trimmed = digits.replace(/0+$/, '');
  exp += digits.length - trimmed.length;
  return [m[1] ?? '', trimmed, exp];
}

/** True when the number written as `text` has double value `value` exactly, in the decimal sense above. */
export function isComparableNumber(text: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const shortest = String(value);
  if (shortest === text) return true;
  const a = decimalParts(text);
  const b = decimalParts(shortest);
  if (a === undefined || b === undefined) return a === b;
  // Signs are ignored for zero only, and zero was handled above.
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

export function numberValue(n: JsonNumber): NumberValue {
  return { text: n.text, value: n.value, comparable: isComparableNumber(n.text, n.value) };
}

/** A number an operator compares with: it must survive the trip to a double. */
export function comparable(n: JsonNumber): number {
  if (!isComparableNumber(n.text, n.value)) invalid(`Cannot compare number : ${n.text}`);
  return n.value;
}
