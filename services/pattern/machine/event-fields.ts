// The leaves of one event that some rule names, grouped by path id. Reused from event to event
// (an epoch stamp marks which lists are current) so matching allocates little.

/** Leaf kinds. */
export const STRING = 0;
export const NUMBER = 1;
export const TRUE = 2;
export const FALSE = 3;
export const NULL = 4;

export interface MachineLeaf {
  readonly k: number;
  /** The string, for STRING. */
  readonly s: string;
  /** The double, for NUMBER. */
  readonly n: number;
  /** The number's text, for NUMBER. */
  readonly t: string;
  /** Whether the number compares as a double (number-text.ts). */
  readonly c: boolean;
  /** Enclosing arrays, flattened: [array id, index, array id, index, …], outermost first. */
  readonly m: readonly number[];
  /** The string's IP address in hex, computed on first use: undefined = not yet, null = not an address. */
  h?: string | null;
}

export const NO_ARRAYS: readonly number[] = [];

export class EventFields {
  private lists: MachineLeaf[][] = [];
  private stamps: number[] = [];
  private epoch = 0;
  /** Path ids with at least one leaf in this event, in first-seen order: touched[0 .. touchedCount). */
  readonly touched: number[] = [];
  touchedCount = 0;

  reset(): void {
    this.epoch++;
    this.touchedCount = 0;
  }

  add(pathId: number, leaf: MachineLeaf): void {
    if (this.stamps[pathId] === this.epoch) {
      (this.lists[pathId] as MachineLeaf[]).push(leaf);
      return;
    }
    this.stamps[pathId] = this.epoch;
    this.lists[pathId] = [leaf];
    this.touched[this.touchedCount++] = pathId;
  }

  get(pathId: number): readonly MachineLeaf[] | undefined {
    return this.stamps[pathId] === this.epoch ? this.lists[pathId] : undefined;
  }
}
