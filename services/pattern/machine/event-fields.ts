// The leaves of one event that some rule names, stored column-wise (one slot per leaf in parallel
// arrays, chained per path) and reused from event to event, so that scanning an event allocates
// nothing but the strings it decodes. A per-path stamp marks which chains belong to the current
// event; `arrayStamp` marks the paths where the event has an array that array consistency cares about.
import { isComparableNumber } from '../number-text.ts';

/** Leaf kinds. */
export const STRING = 0;
export const NUMBER = 1;
export const TRUE = 2;
export const FALSE = 3;
export const NULL = 4;

/** Leaf index meaning "no more leaves". */
export const END = -1;

export const NO_ARRAYS: readonly number[] = [];

/**
 * A number written `-?digits(.digits)?` with at most 15 digits: every such decimal survives the trip
 * to a double and back (DBL_DIG is 15), so it is comparable without formatting the double, which
 * costs more than the rest of a typical check.
 */
function plainDecimal(text: string): boolean {
  if (text.length > 17) return false;
  let digits = 0;
  let point = false;
  for (let j = text.charCodeAt(0) === 45 ? 1 : 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !point && digits > 0) point = true;
    else return false;
  }
  return digits > 0 && digits <= 15 && text.charCodeAt(text.length - 1) !== 46;
}

export class EventFields {
  epoch = 0;
  /** Leaves of the current event: slots 0 .. count. */
  count = 0;
  readonly kind: number[] = [];
  /**
   * The string for STRING; for NUMBER the number's text, or undefined for a number read from an object
   * (its text is String(value): the checks that read texts decide such numbers by value).
   */
  readonly str: Array<string | undefined> = [];
  /** The double for NUMBER. */
  readonly num: number[] = [];
  /** Whether the number compares as a double (number-text.ts): 1, 0, or -1 not computed yet. */
  readonly cmp: number[] = [];
  /** The string's IP address in hex, computed on first use: undefined = not yet, null = not an address. */
  readonly hex: Array<string | null | undefined> = [];
  /** Enclosing tracked arrays, flattened: [array id, index, …], outermost first. */
  readonly arrays: Array<readonly number[]> = [];
  /** Next leaf of the same path, or END. */
  readonly next: number[] = [];
  /** Per path id: first and last leaf, valid when stamp === epoch. */
  private readonly head: number[] = [];
  private readonly tail: number[] = [];
  private readonly stamp: number[] = [];
  private readonly arrayStamp: number[] = [];
  /** Path ids with at least one leaf in this event, in first-seen order: touched[0 .. touchedCount). */
  readonly touched: number[] = [];
  touchedCount = 0;
  /** Arrays the scanner numbered in this event (see PathNode.shared); 0 means no consistency check. */
  trackedArrays = 0;
  /**
   * Per numbered array: the leaf count when the scan left it. Leaves are numbered in document order, so
   * the leaves inside an array are a run of slots ending there, and inside it their element indexes
   * never decrease: verify.ts jumps over the leaves of elements a binding rules out instead of
   * testing them one by one.
   */
  readonly arrayEnd: number[] = [];

  /** Starts a new event; `pathLimit` bounds the path ids in use (keeps the per-path arrays dense). */
  reset(pathLimit: number): void {
    this.epoch++;
    this.count = 0;
    this.touchedCount = 0;
    this.trackedArrays = 0;
    const stamp = this.stamp;
    while (stamp.length < pathLimit) {
      stamp.push(0);
      this.head.push(END);
      this.tail.push(END);
      this.arrayStamp.push(0);
    }
  }

  private slot(pathId: number, kind: number, m: readonly number[]): number {
    const i = this.count++;
    this.kind[i] = kind;
    this.arrays[i] = m;
    this.next[i] = END;
    if (this.stamp[pathId] === this.epoch) this.next[this.tail[pathId] as number] = i;
    else {
      this.stamp[pathId] = this.epoch;
      this.head[pathId] = i;
      this.touched[this.touchedCount++] = pathId;
    }
    this.tail[pathId] = i;
    return i;
  }

  addString(pathId: number, s: string, m: readonly number[]): void {
    const i = this.slot(pathId, STRING, m);
    this.str[i] = s;
    this.hex[i] = undefined;
  }

  addNumber(pathId: number, text: string | undefined, value: number, m: readonly number[]): void {
    const i = this.slot(pathId, NUMBER, m);
    this.str[i] = text;
    this.num[i] = value;
    this.cmp[i] = -1;
  }

  addLiteral(pathId: number, kind: number, m: readonly number[]): void {
    this.slot(pathId, kind, m);
  }

  /** First leaf of the path in this event, or END. */
  first(pathId: number): number {
    return this.stamp[pathId] === this.epoch ? (this.head[pathId] as number) : END;
  }

  /** Whether leaf i is a number that compares as a double. */
  comparable(i: number): boolean {
    let c = this.cmp[i] as number;
    if (c < 0) {
      const text = this.str[i];
      const value = this.num[i] as number;
      // A number read from an object is its own shortest text: comparable when finite.
      if (text === undefined) c = Number.isFinite(value) ? 1 : 0;
      else c = plainDecimal(text) || isComparableNumber(text, value) ? 1 : 0;
      this.cmp[i] = c;
    }
    return c === 1;
  }

  /** Numbers an array the scanner enters at the path; returns its id (ids start at 0 per event). */
  markArray(pathId: number): number {
    this.arrayStamp[pathId] = this.epoch;
    return this.trackedArrays++;
  }

  /** The scan has left numbered array `id`. */
  endArray(id: number): void {
    this.arrayEnd[id] = this.count;
  }

  /** Whether this event has a tracked array at the path. */
  hasArray(pathId: number): boolean {
    return this.arrayStamp[pathId] === this.epoch;
  }
}
