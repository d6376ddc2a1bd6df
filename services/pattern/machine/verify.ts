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

export function verify(
  conditions: readonly MachineCondition[],
  i: number,
  f: EventFields,
  binding: readonly number[],
): boolean {
  if (i === conditions.length) return true;
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
    if (!present && verify(conditions, i + 1, f, binding)) return true;
  }
  const test = c.test;
  if (test === undefined) return false;
  for (let l = first; l !== END; l = f.next[l] as number) {
    const m = f.arrays[l] as readonly number[];
    if (
      (binding.length === 0 || consistent(binding, m)) &&
      test(f, l) &&
      verify(conditions, i + 1, f, extend(binding, m))
    ) {
      return true;
    }
  }
  return false;
}
