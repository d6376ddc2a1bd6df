// The reference matcher: the oracle the compiled RuleMachine is tested against. It tries every way of
// assigning one event leaf to each condition of a branch, in the branch's (sorted) order, keeping
// the assignment array-consistent. `exists: false` holds when no leaf of its path is consistent
// with the leaves chosen so far — event-ruler's ACFinder semantics, which is why the order matters.
import { eventLeaves, readEvent, type Leaf } from './event-leaves.ts';
import { parsePattern } from './parse-pattern.ts';
import type { Branch, CompiledPattern } from './pattern-model.ts';
import { leafMatches } from './value-test.ts';

type Binding = ReadonlyMap<number, number>; // array id -> element index

function consistent(binding: Binding, leaf: Leaf): boolean {
  return leaf.arrays.every(([id, index]) => binding.get(id) === undefined || binding.get(id) === index);
}

function bind(binding: Binding, leaf: Leaf): Binding {
  const next = new Map(binding);
  for (const [id, index] of leaf.arrays) next.set(id, index);
  return next;
}

function branchMatches(branch: Branch, i: number, leaves: readonly Leaf[], binding: Binding): boolean {
  const condition = branch[i];
  if (condition === undefined) return true;
  const candidates = leaves.filter((l) => l.path === condition.path && consistent(binding, l));
  const allowsAbsent = condition.matchers.some((m) => m.kind === 'exists' && !m.value);
  if (allowsAbsent && candidates.length === 0 && branchMatches(branch, i + 1, leaves, binding)) return true;
  return candidates.some(
    (leaf) =>
      condition.matchers.some((m) => !(m.kind === 'exists' && !m.value) && leafMatches(m, leaf.value)) &&
      branchMatches(branch, i + 1, leaves, bind(binding, leaf)),
  );
}

/** Does the event match the pattern, as EventBridge decides? Throws PatternError for an invalid pattern. */
export function matchesPattern(pattern: string | object | CompiledPattern, event: string | object): boolean {
  const compiled = parsePattern(pattern);
  const leaves = eventLeaves(readEvent(event));
  return compiled.branches.some((branch) => branchMatches(branch, 0, leaves, new Map()));
}
