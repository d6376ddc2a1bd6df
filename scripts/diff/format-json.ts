// The stable JSON form (docs/diff.md documents it): `formatVersion` changes only when a field is
// removed or changes meaning; new fields may be added.
import { RULES } from './rules.ts';
import type { DiffReport } from './run-diff.ts';

export const JSON_FORMAT_VERSION = 1;

export function formatJson(report: DiffReport): string {
  const count = (level: string) => report.changes.filter((c) => c.level === level).length;
  return JSON.stringify(
    {
      formatVersion: JSON_FORMAT_VERSION,
      base: report.base,
      head: report.head,
      failOn: report.failOn,
      exitCode: report.exitCode,
      summary: {
        breaking: count('breaking'),
        warning: count('warning'),
        info: count('info'),
        accepted: report.changes.filter((c) => c.accepted).length,
      },
      changes: report.changes.map((c) => ({
        id: c.id,
        level: c.level,
        file: c.file,
        path: c.path,
        message: c.message,
        reason: (RULES as Record<string, { reason: string }>)[c.id]?.reason ?? '',
        impact: c.impact,
        accepted: c.accepted ?? null,
      })),
      routing: report.routing,
      outputs: report.outputs,
      versions: report.versions,
      problems: report.problems,
      acknowledgementProblems: report.acknowledgementProblems,
      unusedAcknowledgements: report.unusedAcknowledgements,
    },
    null,
    2,
  );
}
