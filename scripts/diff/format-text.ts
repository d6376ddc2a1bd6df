// The human table: one row a change (level, rule id, where, what), breaking first, its impact
// indented below it, then the routing table and the policy's verdict.
import type { Change } from './change.ts';
import type { DiffReport } from './run-diff.ts';

export function summaryLine(report: DiffReport): string {
  const count = (level: Change['level']) => report.changes.filter((c) => c.level === level).length;
  const accepted = report.changes.filter((c) => c.accepted !== undefined).length;
  const parts = [`${count('breaking')} breaking`, `${count('warning')} warning(s)`, `${count('info')} info`];
  if (accepted > 0) parts.push(`${accepted} accepted`);
  return `portico diff ${report.base} → ${report.head}: ${report.changes.length === 0 ? 'no changes' : parts.join(', ')}`;
}

export function verdict(report: DiffReport): string {
  if (report.exitCode === 2) return 'failed: the acknowledged-changes file is invalid';
  if (report.exitCode === 1)
    return `failed: changes at or above '${report.failOn}' (raise info.version's major, or list each in catalog/acknowledged-changes.yaml with a reason)`;
  return report.failOn === 'none'
    ? 'passed (--fail-on none)'
    : `passed: nothing at or above '${report.failOn}' left unaccepted`;
}

export function formatText(report: DiffReport): string {
  const lines = [summaryLine(report)];
  if (report.problems.base + report.problems.head > 0)
    lines.push(
      `note: \`portico validate\` finds ${report.problems.base} problem(s) at ${report.base} and ${report.problems.head} at ${report.head}`,
    );
  const rows = report.changes.map((c) => [c.level.toUpperCase(), c.id, `${c.file}  ${c.path}`, c.message]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] as string).length), 0));
  report.changes.forEach((c, i) => {
    const r = rows[i] as string[];
    lines.push(
      r
        .map((cell, j) => (j < 3 ? cell.padEnd(widths[j] as number) : cell))
        .join('  ')
        .trimEnd(),
    );
    for (const line of c.impact) lines.push(`${' '.repeat((widths[0] as number) + 2)}↳ ${line}`);
    if (c.accepted) lines.push(`${' '.repeat((widths[0] as number) + 2)}✓ accepted: ${c.accepted}`);
  });
  if (report.routing.length > 0) {
    lines.push('', 'routing (production filters, by request type):');
    const w = Math.max(...report.routing.map((r) => r.what.length));
    for (const r of report.routing)
      lines.push(
        `  ${r.what.padEnd(w)}  before: ${r.before.join(', ') || '(nobody)'}; after: ${r.after.join(', ') || '(nobody)'}`,
      );
  }
  if (report.outputs.length > 0) {
    lines.push('', 'generated from the catalogue (what regenerating changes):');
    for (const o of report.outputs) lines.push(`  ${o.kind.padEnd(9)}  ${o.line}`);
  }
  for (const p of report.acknowledgementProblems) lines.push(`error: ${p}`);
  for (const a of report.unusedAcknowledgements)
    lines.push(`warning: acknowledged change ${a.id} at '${a.path}' matches no change (stale?)`);
  lines.push(verdict(report));
  return lines.join('\n');
}
