// An event as event-ruler sees it: a list of leaves (strings, numbers, true, false, null), each with
// its dotted path and the array elements it sits in. Objects and empty arrays are not leaves, so
// `exists: true` does not match them. `arrays` lists [array id, element index] from the outside in;
// two leaves are array-consistent when they agree on the index of every array they share.
import { fromPlain, JsonNumber, parseJsonText, type JsonValue } from './json-text.ts';
import { numberValue } from './number-text.ts';
import { EventError, PatternError } from './pattern-error.ts';
import type { NumberValue } from './pattern-model.ts';

export type LeafValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly number: NumberValue }
  | { readonly kind: 'literal'; readonly value: boolean | null };

export interface Leaf {
  readonly path: string;
  readonly value: LeafValue;
  readonly arrays: ReadonlyArray<readonly [number, number]>;
}

/** Reads an event given as JSON text or as an object; numbers keep their text. */
export function readEvent(event: string | object): JsonValue {
  if (typeof event !== 'string') return fromPlain(event);
  try {
    return parseJsonText(event);
  } catch (error) {
    if (error instanceof PatternError) throw new EventError(`Event is not valid JSON: ${error.reason}`);
    throw error;
  }
}

export function eventLeaves(root: JsonValue): Leaf[] {
  const out: Leaf[] = [];
  let nextArray = 0;
  const walk = (v: JsonValue, path: string, arrays: ReadonlyArray<readonly [number, number]>): void => {
    if (Array.isArray(v)) {
      const id = nextArray++;
      v.forEach((element, i) => walk(element, path, [...arrays, [id, i]]));
    } else if (v instanceof JsonNumber) {
      out.push({ path, value: { kind: 'number', number: numberValue(v) }, arrays });
    } else if (typeof v === 'string') {
      out.push({ path, value: { kind: 'string', value: v }, arrays });
    } else if (v === null || typeof v === 'boolean') {
      out.push({ path, value: { kind: 'literal', value: v }, arrays });
    } else {
      for (const [key, child] of Object.entries(v)) walk(child, path === '' ? key : `${path}.${key}`, arrays);
    }
  };
  if (typeof root !== 'object' || root === null || Array.isArray(root) || root instanceof JsonNumber) {
    throw new EventError('Event is not a JSON object');
  }
  walk(root, '', []);
  return out;
}
