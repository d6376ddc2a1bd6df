// The plan: what to create, update and delete so that the endpoint matches the catalogue. A pure
// function of the current and desired states, printed before anything is done. Deletions are
// planned only with `prune`. Order follows dependencies: a connection before its destination,
// a destination before the rule that targets it; deletions the other way round.
import { stableJson } from '../../generate/context.ts';
import type { EndpointState } from './rule-state.ts';

export type ChangeAction = 'create' | 'update' | 'delete';
export type ResourceKind = 'event-bus' | 'connection' | 'api-destination' | 'rule' | 'target';

export interface Change {
  action: ChangeAction;
  kind: ResourceKind;
  name: string;
  /** For an update: the fields that differ. */
  fields?: string[];
}

const KIND_ORDER: ResourceKind[] = ['event-bus', 'connection', 'api-destination', 'rule', 'target'];

export function plan(
  current: EndpointState,
  desired: EndpointState,
  options: { prune?: boolean } = {},
): Change[] {
  const changes: Change[] = [];
  if (!current.busExists) changes.push({ action: 'create', kind: 'event-bus', name: desired.bus });
  const compare = <T extends object>(
    kind: ResourceKind,
    have: Record<string, T>,
    want: Record<string, T>,
  ) => {
    for (const name of Object.keys(want).sort()) {
      const h = have[name];
      if (h === undefined) changes.push({ action: 'create', kind, name });
      else {
        const fields = differing(h, want[name]!);
        if (fields.length > 0) changes.push({ action: 'update', kind, name, fields });
      }
    }
    if (options.prune) {
      for (const name of Object.keys(have).sort())
        if (!(name in want)) changes.push({ action: 'delete', kind, name });
    }
  };
  compare('connection', current.connections, desired.connections);
  compare('api-destination', current.destinations, desired.destinations);
  const ruleOnly = (rules: EndpointState['rules']) =>
    Object.fromEntries(Object.entries(rules).map(([n, { target: _t, ...rest }]) => [n, rest]));
  compare('rule', ruleOnly(current.rules), ruleOnly(desired.rules));
  for (const name of Object.keys(desired.rules).sort()) {
    const want = desired.rules[name]!.target;
    const have = current.rules[name]?.target;
    if (want === undefined) continue;
    if (have === undefined) changes.push({ action: 'create', kind: 'target', name });
    else {
      const fields = differing(have, want);
      if (fields.length > 0) changes.push({ action: 'update', kind: 'target', name, fields });
    }
  }
  const rank = (c: Change) =>
    c.action === 'delete' ? 10 - KIND_ORDER.indexOf(c.kind) : KIND_ORDER.indexOf(c.kind);
  // Deletions after everything else, rules before the destinations they target.
  return changes
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        Number(a.c.action === 'delete') - Number(b.c.action === 'delete') ||
        rank(a.c) - rank(b.c) ||
        a.i - b.i,
    )
    .map(({ c }) => c);
}

function differing(have: object, want: object): string[] {
  const keys = new Set([...Object.keys(have), ...Object.keys(want)]);
  return [...keys]
    .filter(
      (k) =>
        stableJson((have as Record<string, unknown>)[k] ?? null) !==
        stableJson((want as Record<string, unknown>)[k] ?? null),
    )
    .sort();
}

export function formatChange(c: Change): string {
  const sign = c.action === 'create' ? '+' : c.action === 'delete' ? '-' : '~';
  return `${sign} ${c.action} ${c.kind} ${c.name}${c.fields ? ` (${c.fields.join(', ')})` : ''}`;
}
