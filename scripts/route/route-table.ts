// `portico route`'s table: one row a rule, its verdict, and with --explain the reason for each
// miss; a pattern with `$or` gets one line per alternative ("branch"), numbered as written.
import type { RoutedEvent } from './read-events.ts';
import type { RuleVerdict } from './route-event.ts';

/** The reasons shown for a verdict: the table's and the site explainer's. */
export function reasons(v: RuleVerdict): string[] {
  if (v.matches) {
    const at = v.branches.findIndex((b) => b.matches);
    return [v.branches.length > 1 ? `branch ${at + 1} of ${v.branches.length} matches` : ''];
  }
  if (v.branches.length === 1) return [v.branches[0]?.miss?.text ?? ''];
  return v.branches.map((b, i) => `branch ${i + 1}: ${b.miss?.text ?? ''}`);
}

export function routeTable(event: RoutedEvent, verdicts: readonly RuleVerdict[], explain: boolean): string[] {
  const width = Math.max(4, ...verdicts.map((v) => v.rule.length));
  const matched = verdicts.filter((v) => v.matches).length;
  const lines = [
    `${String(event.source)} / ${String(event['detail-type'])}: ${matched} of ${verdicts.length} rules match`,
    `${'RULE'.padEnd(width)}  ${'VERDICT'.padEnd(8)}${explain ? '  REASON' : ''}`,
  ];
  for (const v of verdicts) {
    const head = `${v.rule.padEnd(width)}  ${(v.matches ? 'match' : 'no match').padEnd(8)}`;
    if (!explain) {
      lines.push(head.trimEnd());
      continue;
    }
    reasons(v).forEach((r, i) => lines.push(`${i === 0 ? head : ' '.repeat(head.length)}  ${r}`.trimEnd()));
  }
  return lines;
}
