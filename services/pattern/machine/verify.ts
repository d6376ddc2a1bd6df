// Full check of one candidate sub-rule against the event's leaves: the same array-consistent search
// as the reference matcher (fields in sorted path order; `exists: false` holds when no leaf of the path
// is consistent with the leaves chosen so far), over the machine's compiled predicates.
import type { MachineCondition } from './anchor-index.ts';
import type { EventFields } from './event-fields.ts';

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
  fields: EventFields,
  binding: readonly number[],
): boolean {
  if (i === conditions.length) return true;
  const c = conditions[i] as MachineCondition;
  const leaves = fields.get(c.pathId);
  if (c.allowsAbsent) {
    let present = false;
    if (leaves !== undefined) for (const l of leaves) if (consistent(binding, l.m)) present = true;
    if (!present && verify(conditions, i + 1, fields, binding)) return true;
  }
  const test = c.test;
  if (leaves === undefined || test === undefined) return false;
  for (let k = 0; k < leaves.length; k++) {
    const l = leaves[k]!;
    if (
      (binding.length === 0 || consistent(binding, l.m)) &&
      test(l) &&
      verify(conditions, i + 1, fields, extend(binding, l.m))
    ) {
      return true;
    }
  }
  return false;
}
