// `portico validate` without the CLI: load and check the catalogue, and render the report.
import { loadCatalog } from './load-catalog.ts';
import { formatProblem, type Problem } from './problem.ts';

export interface ValidateReport {
  exitCode: 0 | 1;
  problems: Problem[];
  /** What the command prints, one entry a line. */
  lines: string[];
}

export async function validateCatalog(options: {
  catalog: string;
  json?: boolean;
  cwd?: string;
}): Promise<ValidateReport> {
  const { catalogue, problems } = await loadCatalog(options.catalog, options.cwd);
  const errors = problems.filter((p) => p.severity === 'error');
  const exitCode = errors.length > 0 ? 1 : 0;
  if (options.json) return { exitCode, problems, lines: [JSON.stringify(problems, null, 2)] };
  const lines = problems.map(formatProblem);
  if (exitCode === 1) {
    lines.push(`${errors.length} problem${errors.length === 1 ? '' : 's'} in ${options.catalog}`);
  } else {
    const rules = catalogue.partners.length * 2;
    lines.push(
      `catalog valid: ${catalogue.events.length} events, ${catalogue.apis.length} APIs, ${catalogue.partners.length} partners, ${rules} rules`,
    );
  }
  return { exitCode, problems, lines };
}
