// Full check of one candidate sub-rule against the event's leaves: the same array-consistent search
// as the reference matcher (fields in sorted path order; `exists: false` holds when no leaf of the path
// is consistent with the leaves chosen so far), over the machine's compiled predicates. Used only
// when the event has an array where two of the sub-rule's paths meet (see rule-machine.ts); every
// other candidate is decided by its conditions one by one, each evaluated once per event.
//
// The work is kept near-linear in the leaves, whatever their layout, by three shortcuts that never
// change an answer:
// - a leaf whose array position `m` (a shared list: every leaf of one element carries the same one) is
//   the one of the leaf tried just before and found failing leads to the same state: it is skipped;
// - leaves of elements the binding rules out are jumped over (binary search on slot numbers, see
//   EventFields.arrayEnd), not tested one by one: 8,000 elements each holding a leaf of every
//   condition once cost 8,000 × 8,000 consistency checks (1.1 s for a 256 KB event);
// - states already known to fail are remembered (see Search.key).
import type { MachineCondition } from './condition-table.ts';
import { END, type EventFields } from './event-fields.ts';

/** Array ids and element indexes below this make an exact one-array key (id * limit + index < 2^53). */
const ONE_KEY_LIMIT = 2 ** 26;

/** Every condition's leaves as ascending slot numbers, laid end to end; reused from call to call. */
let slots = new Int32Array(1024);

/** The first position in slots[lo, hi) whose slot is >= `slot` (hi when none). */
function lowerBound(lo: number, hi: number, slot: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((slots[mid] as number) < slot) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function extend(binding: readonly number[], m: readonly number[]): readonly number[] {
  if (m.length === 0) return binding;
  if (binding.length === 0) return m;
  const out = binding.slice();
  for (let i = 0; i < m.length; i += 2) {
    let known = false;
    for (let j = 0; j < binding.length; j += 2) if (binding[j] === m[i]) known = true;
    if (!known) out.push(m[i] as number, m[i + 1] as number);
  }
  return out;
}

/**
 * Whether the sub-rule's conditions hold together on leaves that agree on every array they share.
 * `binding` and each leaf's `m` are flat [array id, index, …] lists, outermost array first.
 */
export function verify(conditions: readonly MachineCondition[], f: EventFields): boolean {
  return new Search(conditions, f).run();
}

class Search {
  /** Condition k's leaves are slots[begin[k], begin[k + 1]). */
  private readonly begin: number[];
  /** relevant[k]: the array ids in which some leaf of conditions k.. sits. */
  private readonly relevant: Array<Set<number>>;
  /** failed[k]: the keys (see key) of the states at condition k known to fail. */
  private readonly failed: Array<Set<number | string> | undefined>;

  constructor(
    private readonly conditions: readonly MachineCondition[],
    private readonly f: EventFields,
  ) {
    const n = conditions.length;
    this.begin = new Array<number>(n + 1);
    let total = 0;
    for (let k = 0; k < n; k++) {
      this.begin[k] = total;
      for (let l = f.first((conditions[k] as MachineCondition).pathId); l !== END; l = f.next[l] as number) {
        if (total === slots.length) {
          const grown = new Int32Array(slots.length * 2);
          grown.set(slots);
          slots = grown;
        }
        slots[total++] = l;
      }
    }
    this.begin[n] = total;
    this.failed = new Array<Set<number | string> | undefined>(n);
    this.relevant = new Array<Set<number>>(n + 1);
    this.relevant[n] = new Set();
    for (let k = n - 1; k >= 0; k--) {
      const ids = new Set(this.relevant[k + 1]);
      let last: readonly number[] | undefined;
      for (let p = this.begin[k] as number; p < (this.begin[k + 1] as number); p++) {
        const m = f.arrays[slots[p] as number] as readonly number[];
        if (m === last) continue;
        last = m;
        for (let j = 0; j < m.length; j += 2) ids.add(m[j] as number);
      }
      this.relevant[k] = ids;
    }
  }

  run(): boolean {
    return this.search(0, []);
  }

  /**
   * The position of the first leaf at or after `p` (and before `end`) consistent with the binding:
   * at a leaf of a ruled-out element of array x, the leaves up to the element the binding chose, or
   * up to the end of x, sit in ruled-out elements too (element indexes never decrease inside x).
   */
  private consistentFrom(p: number, end: number, binding: readonly number[]): number {
    if (binding.length === 0) return p;
    const arrays = this.f.arrays;
    while (p < end) {
      const m = arrays[slots[p] as number] as readonly number[];
      let at = -1;
      let chosen = 0;
      for (let i = 0; i < m.length && at < 0; i += 2) {
        for (let j = 0; j < binding.length; j += 2) {
          if (binding[j] === m[i]) {
            if (binding[j + 1] !== m[i + 1]) {
              at = i;
              chosen = binding[j + 1] as number;
            }
            break;
          }
        }
      }
      if (at < 0) return p;
      const leave = lowerBound(p + 1, end, this.f.arrayEnd[m[at] as number] as number);
      if ((m[at + 1] as number) > chosen) p = leave;
      else {
        // Every leaf before `leave` sits in x, at the same depth of its `m` as this one.
        let lo = p + 1;
        let hi = leave;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (((arrays[slots[mid] as number] as readonly number[])[at + 1] as number) < chosen) lo = mid + 1;
          else hi = mid;
        }
        p = lo;
      }
    }
    return end;
  }

  /**
   * What a state's outcome depends on is the condition index and the binding of the arrays that some
   * leaf of a later condition sits in, so the binding is cut down to those: a miss, never a wrong hit.
   * The usual cut-down bindings, none or one array, are keyed by a number (strings cost half the search).
   */
  private key(i: number, binding: readonly number[]): number | string {
    const ids = this.relevant[i] as ReadonlySet<number>;
    let at = -1;
    for (let j = 0; j < binding.length; j += 2) {
      if (!ids.has(binding[j] as number)) continue;
      if (at >= 0) return this.longKey(ids, binding);
      at = j;
    }
    if (at < 0) return -1;
    const id = binding[at] as number;
    const index = binding[at + 1] as number;
    return id < ONE_KEY_LIMIT && index < ONE_KEY_LIMIT
      ? id * ONE_KEY_LIMIT + index
      : this.longKey(ids, binding);
  }

  private longKey(ids: ReadonlySet<number>, binding: readonly number[]): string {
    let key = '';
    for (let j = 0; j < binding.length; j += 2)
      if (ids.has(binding[j] as number)) key += `:${binding[j] as number}=${binding[j + 1] as number}`;
    return key;
  }

  private search(i: number, binding: readonly number[]): boolean {
    const conditions = this.conditions;
    if (i === conditions.length) return true;
    const key = this.key(i, binding);
    const failed = this.failed[i];
    if (failed?.has(key)) return false;
    const c = conditions[i] as MachineCondition;
    const begin = this.begin[i] as number;
    const end = this.begin[i + 1] as number;
    if (c.allowsAbsent && this.consistentFrom(begin, end, binding) === end && this.search(i + 1, binding))
      return true;
    const test = c.test;
    if (test !== undefined) {
      const f = this.f;
      let skip: readonly number[] | undefined;
      for (let p = begin; p < end; p++) {
        const l = slots[p] as number;
        const m = f.arrays[l] as readonly number[];
        if (m === skip) continue;
        const next = this.consistentFrom(p, end, binding);
        if (next !== p) {
          p = next - 1;
          continue;
        }
        if (!test(f, l)) continue;
        if (this.search(i + 1, extend(binding, m))) return true;
        skip = m;
      }
    }
    if (failed === undefined) this.failed[i] = new Set([key]);
    else failed.add(key);
    return false;
  }
}
