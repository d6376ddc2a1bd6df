// Full check of one candidate sub-rule against the event's leaves: the same array-consistent search
// as the reference matcher (fields in sorted path order; `exists: false` holds when no leaf of the path
// is consistent with the leaves chosen so far), over the machine's compiled predicates. Used only
// when the event has an array where two of the sub-rule's paths meet (see rule-machine.ts); every
// other candidate is decided by its conditions one by one, each evaluated once per event.
import type { MachineCondition } from './condition-table.ts';
import { END, type EventFields } from './event-fields.ts';

/** `binding` and `m` are flat [array id, index, …] lists; consistent when shared arrays agree. */
function consistent(binding: readonly number[], m: readonly number[]): boolean {
  for (let i = 0; i < m.length; i += 2) {
    const id = m[i];
    for (let j = 0; j < binding.length; j += 2) {
      if (binding[j] === id) {
        if (binding[j + 1] !== m[i + 1]) return false;
        break;
      }
    }
  }
  return true;
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
 * The search, remembering the states already known to fail. What a state's outcome depends on is the
 * condition index and the binding of the arrays that some leaf of a later condition sits in (`consistent`
 * never looks at another array), so the binding is cut down to those before it is looked up. Without
 * this, five conditions meeting in one array element, each path with 40 leaves and the last one failing,
 * took 260 ms on a 465-byte event and grew as 40^4 (a stall for a 1 KB event); with it, each condition
 * is tried once per distinct binding of the arrays that still matter.
 */
export function verify(
  conditions: readonly MachineCondition[],
  i: number,
  f: EventFields,
  binding: readonly number[],
): boolean {
  // relevant[k]: the array ids in which some leaf of conditions k.. sits.
  const relevant: Array<Set<number>> = new Array(conditions.length + 1);
  relevant[conditions.length] = new Set();
  for (let k = conditions.length - 1; k >= i; k--) {
    const ids = new Set(relevant[k + 1]);
    for (let l = f.first((conditions[k] as MachineCondition).pathId); l !== END; l = f.next[l] as number) {
      const m = f.arrays[l] as readonly number[];
      for (let j = 0; j < m.length; j += 2) ids.add(m[j] as number);
    }
    relevant[k] = ids;
  }
  return search(conditions, i, f, binding, relevant, new Set());
}

/** The state's key: `i` and the bound arrays that still matter, in binding order (a miss, never a wrong hit). */
function stateKey(i: number, binding: readonly number[], ids: ReadonlySet<number>): string {
  let key = String(i);
  for (let j = 0; j < binding.length; j += 2)
    if (ids.has(binding[j] as number)) key += `:${binding[j] as number}=${binding[j + 1] as number}`;
  return key;
}

function search(
  conditions: readonly MachineCondition[],
  i: number,
  f: EventFields,
  binding: readonly number[],
  relevant: ReadonlyArray<ReadonlySet<number>>,
  failed: Set<string>,
): boolean {
  if (i === conditions.length) return true;
  const key = stateKey(i, binding, relevant[i] as ReadonlySet<number>);
  if (failed.has(key)) return false;
  const c = conditions[i] as MachineCondition;
  const first = f.first(c.pathId);
  if (c.allowsAbsent) {
    let present = false;
    for (let l = first; l !== END; l = f.next[l] as number) {
      if (consistent(binding, f.arrays[l] as readonly number[])) {
        present = true;
        break;
      }
    }
    if (!present && search(conditions, i + 1, f, binding, relevant, failed)) return true;
  }
  const test = c.test;
  if (test !== undefined) {
    for (let l = first; l !== END; l = f.next[l] as number) {
      const m = f.arrays[l] as readonly number[];
      if (
        (binding.length === 0 || consistent(binding, m)) &&
        test(f, l) &&
        search(conditions, i + 1, f, extend(binding, m), relevant, failed)
      ) {
        return true;
      }
    }
  }
  failed.add(key);
  return false;
}
