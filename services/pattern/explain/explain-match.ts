// Why an event does or does not match a pattern, in the pattern's own terms. EventBridge's
// TestEventPattern answers only true or false; this names, for each branch of the pattern (each
// alternative of `$or`, as parse-pattern expands it), the first condition the event fails: the
// field, what the pattern wanted there, and what the event had.
//
// The verdicts are the reference matcher's own: a branch's first failing condition is the shortest
// prefix of its (path-sorted) conditions that the engine refuses, so "explains a match" holds
// exactly when the engine matches (explain.property.test.ts proves it against both matchers).
import { eventLeaves, readEvent, type Leaf } from '../event-leaves.ts';
import { parsePattern } from '../parse-pattern.ts';
import type { Branch, CompiledPattern, Condition } from '../pattern-model.ts';
import { matchesPattern } from '../reference-matcher.ts';
import { renderLeaf, renderMatcher, type Written } from './render-matcher.ts';

/**
 * - `missing`: the event has no value at the field, and the pattern wants one;
 * - `present`: the pattern wants the field absent (`{"exists": false}`) and the event has it;
 * - `different`: the event's values there are none of those the pattern wants;
 * - `other-element`: a wanted value is there, but in another array element than the values that
 *   matched the fields before it (EventBridge's array consistency).
 */
export type MissKind = 'missing' | 'present' | 'different' | 'other-element';

export interface Miss {
  readonly field: string;
  readonly wanted: readonly Written[];
  readonly had: readonly Written[];
  readonly kind: MissKind;
  /** One line for people: `detail.3rdparty: wanted "techhub", had "3rdparty1"`. */
  readonly text: string;
}

export interface BranchVerdict {
  readonly matches: boolean;
  /** The first condition the event fails, when the branch does not match. */
  readonly miss?: Miss;
}

export interface Explanation {
  readonly matches: boolean;
  /** One verdict a branch: one for a pattern without `$or`, one per alternative with it. */
  readonly branches: readonly BranchVerdict[];
}

const single = (branch: Branch): CompiledPattern => ({ kind: 'compiled-pattern', branches: [branch] });

const list = (values: readonly Written[]): string =>
  values.length === 1 ? JSON.stringify(values[0]) : `one of ${JSON.stringify(values)}`;

function describe(
  field: string,
  kind: MissKind,
  wanted: readonly Written[],
  had: readonly Written[],
): string {
  switch (kind) {
    case 'missing':
      return `${field}: wanted ${list(wanted)}, the event has no ${field}`;
    case 'present':
      return `${field}: wanted no ${field} at all, the event has ${list(had)}`;
    case 'different':
      return `${field}: wanted ${list(wanted)}, had ${list(had)}`;
    case 'other-element':
      return `${field}: wanted ${list(wanted)}, had ${list(had)}, but not in the same array element as the fields before it`;
  }
}

function missOf(condition: Condition, leaves: readonly Leaf[], event: string | object): Miss {
  const field = condition.path;
  const wanted = condition.matchers.map(renderMatcher);
  const present = leaves.filter((l) => l.path === field);
  const had = present.map((l) => renderLeaf(l.value));
  const onlyAbsent = condition.matchers.every((m) => m.kind === 'exists' && !m.value);
  let kind: MissKind;
  if (present.length === 0) kind = 'missing';
  else if (onlyAbsent) kind = 'present';
  else if (matchesPattern(single([condition]), event)) kind = 'other-element';
  else kind = 'different';
  return { field, wanted, had, kind, text: describe(field, kind, wanted, had) };
}

function explainBranch(branch: Branch, leaves: readonly Leaf[], event: string | object): BranchVerdict {
  if (matchesPattern(single(branch), event)) return { matches: true };
  // The shortest refused prefix ends at the first condition no assignment of leaves can satisfy.
  for (let n = 1; n <= branch.length; n++) {
    if (!matchesPattern(single(branch.slice(0, n)), event)) {
      return { matches: false, miss: missOf(branch[n - 1]!, leaves, event) };
    }
  }
  throw new Error('unreachable: a refused branch has a refused prefix');
}

/** Explains the engine's verdict. Throws PatternError for an invalid pattern, EventError for a non-object event. */
export function explainMatch(
  pattern: string | object | CompiledPattern,
  event: string | object,
): Explanation {
  const compiled = parsePattern(pattern);
  const leaves = eventLeaves(readEvent(event));
  const branches = compiled.branches.map((b) => explainBranch(b, leaves, event));
  return { matches: branches.some((b) => b.matches), branches };
}
