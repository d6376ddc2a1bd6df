// A pull-request comment: the summary line first, then a table with breaking changes first and an
// impact column, the routing table, and the verdict. Pipes and newlines inside cells are escaped
// (GitHub Flavored Markdown, "Tables (extension)": `\|` inside a cell; `<br>` breaks a line).
import type { DiffReport } from './run-diff.ts';
import { summaryLine, verdict } from './format-text.ts';

const ICON = { breaking: '🔴 breaking', warning: '🟠 warning', info: '🔵 info' } as const;

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

export function formatMarkdown(report: DiffReport): string {
  const out = [`### ${summaryLine(report)}`, ''];
  out.push(`**${verdict(report)}**`, '');
  if (report.changes.length > 0) {
    out.push('| level | change | where | impact |', '| --- | --- | --- | --- |');
    for (const c of report.changes) {
      const impact = [...c.impact, ...(c.accepted ? [`✅ accepted: ${c.accepted}`] : [])];
      out.push(
        `| ${ICON[c.level]} | \`${c.id}\`<br>${cell(c.message)} | \`${cell(c.file)}\`<br>${cell(c.path)} | ${impact.map(cell).join('<br>') || '—'} |`,
      );
    }
    out.push('');
  }
  if (report.routing.length > 0) {
    out.push(
      '**Routing** (production filters, by request type)',
      '',
      '| requests | before | after |',
      '| --- | --- | --- |',
    );
    for (const r of report.routing)
      out.push(`| ${cell(r.what)} | ${r.before.join(', ') || '—'} | ${r.after.join(', ') || '—'} |`);
    out.push('');
  }
  if (report.outputs.length > 0) {
    out.push(
      '<details><summary><b>Generated from the catalogue</b>: what regenerating changes (' +
        String(report.outputs.length) +
        ')</summary>',
      '',
    );
    for (const o of report.outputs)
      out.push(`- ${o.kind}: ${o.line.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))}`);
    out.push('', '</details>', '');
  }
  for (const p of report.acknowledgementProblems) out.push(`- ❌ ${cell(p)}`);
  for (const a of report.unusedAcknowledgements)
    out.push(`- ⚠️ acknowledged change \`${a.id}\` at \`${a.path}\` matches no change (stale?)`);
  out.push('<sub>`npx portico diff --base …` · rules and levels: docs/diff.md</sub>');
  return out.join('\n');
}
