import { formatJson } from './format-json.ts';
import { formatMarkdown } from './format-markdown.ts';
import { formatText } from './format-text.ts';
import type { DiffReport } from './run-diff.ts';

export function formatReport(report: DiffReport, format: 'text' | 'markdown' | 'json'): string {
  return format === 'json'
    ? formatJson(report)
    : format === 'markdown'
      ? formatMarkdown(report)
      : formatText(report);
}
