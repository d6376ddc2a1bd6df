// The sub-rules (one per `$or` branch of a rule) by integer id. What matching reads for every
// candidate sits in typed arrays indexed by that id (seen-stamp, flags, up to four condition ids to
// check), so a candidate costs a few reads from small contiguous arrays instead of a walk through
// objects scattered over a heap of 10,000 rules. The objects stay for add/remove and rare paths.
import type { MachineCondition } from './condition-table.ts';

export interface RuleEntry {
  readonly name: string;
  subs: SubRule[];
  matchedEpoch: number;
}

export type ExactKey =
  | { readonly map: 'strings' | 'texts'; readonly key: string }
  | { readonly map: 'numbers'; readonly key: number }
  | { readonly map: 'literals'; readonly key: number };

export type Anchor =
  | {
      readonly kind: 'exact';
      readonly pathId: number;
      readonly condition: MachineCondition;
      readonly keys: readonly ExactKey[];
    }
  | {
      readonly kind: 'prefix';
      readonly pathId: number;
      readonly condition: MachineCondition;
      readonly prefixes: readonly string[];
    }
  | { readonly kind: 'presence'; readonly pathId: number; readonly condition: MachineCondition }
  | { readonly kind: 'always' };

export interface SubRule {
  readonly id: number;
  readonly rule: RuleEntry;
  /** All conditions, in sorted path order (the order the array-consistent search needs). */
  readonly conditions: readonly MachineCondition[];
  /** Path ids where two or more of this sub-rule's paths meet: an array there needs the full search. */
  readonly meets: readonly number[];
  /** Chosen when the sub-rule is indexed (undefined while pending, see RuleMachine.flush). */
  anchor: Anchor | undefined;
  /** The conditions the anchor does not already prove, for the check without arrays. */
  rest: readonly MachineCondition[];
  removed: boolean;
}

/** flags: the rule's only branch (no dedup by rule needed). */
export const SINGLE = 1;
/** flags: checked through the object (more than REST_SLOTS conditions). */
export const COMPLEX = 2;
/** flags: has array meeting points: checked through the object when the event has tracked arrays. */
export const MEETS = 4;
export const REST_SLOTS = 4;

export class SubTable {
  readonly objects: Array<SubRule | undefined> = [];
  readonly names: string[] = [];
  /** Epoch of the event that last collected the sub-rule (doubles: exact far past 2^31 events). */
  seen = new Float64Array(64);
  flags = new Uint8Array(64);
  restCount = new Uint8Array(64);
  /** REST_SLOTS condition ids per sub-rule. */
  rest = new Int32Array(64 * REST_SLOTS);
  private readonly free: number[] = [];
  private limit = 0;

  /** A fresh id (reusing removed ones). */
  allocate(): number {
    const id = this.free.pop() ?? this.limit++;
    if (id >= this.seen.length) this.grow();
    return id;
  }

  store(sub: SubRule): void {
    const single = sub.rule.subs.length === 1;
    const id = sub.id;
    this.objects[id] = sub;
    this.names[id] = sub.rule.name;
    this.seen[id] = -1;
    const simple = sub.rest.length <= REST_SLOTS;
    this.flags[id] = (single ? SINGLE : 0) | (simple ? 0 : COMPLEX) | (sub.meets.length > 0 ? MEETS : 0);
    this.restCount[id] = simple ? sub.rest.length : 0;
    if (simple) {
      for (let k = 0; k < sub.rest.length; k++)
        this.rest[id * REST_SLOTS + k] = (sub.rest[k] as MachineCondition).id;
    }
  }

  release(id: number): void {
    this.objects[id] = undefined;
    this.names[id] = '';
    this.free.push(id);
  }

  private grow(): void {
    const size = this.seen.length * 2;
    const seen = new Float64Array(size);
    seen.set(this.seen);
    this.seen = seen;
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
    const restCount = new Uint8Array(size);
    restCount.set(this.restCount);
    this.restCount = restCount;
    const rest = new Int32Array(size * REST_SLOTS);
    rest.set(this.rest);
    this.rest = rest;
  }
}

/** Collected candidate ids: a reusable list, deduplicated per event by the sub-rule's seen-stamp. */
export class Candidates {
  ids = new Int32Array(64);
  count = 0;

  constructor(private readonly subs: SubTable) {}

  take(id: number, epoch: number): void {
    const seen = this.subs.seen;
    if (seen[id] === epoch) return;
    seen[id] = epoch;
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    this.ids[this.count++] = id;
  }

  takeAll(ids: readonly number[], epoch: number): void {
    for (let i = 0; i < ids.length; i++) this.take(ids[i] as number, epoch);
  }
}
