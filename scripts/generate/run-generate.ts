// `portico generate [--check]` without the CLI: load, refuse an invalid catalogue, generate, then
// write (or compare, with `check`).
import { relative, resolve, sep } from 'node:path';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { formatProblem } from '../catalog/problem.ts';
import { createContext } from './context.ts';
import { generateAll } from './generate-all.ts';
import { compareFiles, writeFiles } from './write-files.ts';

export interface GenerateReport {
  exitCode: 0 | 1;
  lines: string[];
}

export async function runGenerate(options: {
  catalog: string;
  out: string;
  check?: boolean;
  cwd?: string;
}): Promise<GenerateReport> {
  const cwd = options.cwd ?? process.cwd();
  const { catalogue, problems } = await loadCatalog(options.catalog, cwd);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    return {
      exitCode: 1,
      lines: [
        ...errors.map(formatProblem),
        `not generating: ${errors.length} problem(s) in ${options.catalog}`,
      ],
    };
  }
  const files = await generateAll(catalogue, createContext());
  const outDir = resolve(cwd, options.out);
  const shown = (path: string) => relative(cwd, resolve(outDir, path)).split(sep).join('/');
  if (options.check) {
    const differences = compareFiles(outDir, files);
    if (differences.length === 0)
      return { exitCode: 0, lines: [`${shown('.')}: ${files.length} files up to date`] };
    return {
      exitCode: 1,
      lines: [
        ...differences.map((d) => `${shown(d.path)}  ${d.status}`),
        `${differences.length} generated file(s) out of date: run \`portico generate\``,
      ],
    };
  }
  const changed = writeFiles(outDir, files);
  return {
    exitCode: 0,
    lines: [
      ...changed.map(
        (d) =>
          `${shown(d.path)}  ${d.status === 'extra' ? 'removed' : d.status === 'missing' ? 'created' : 'updated'}`,
      ),
      `${shown('.')}: ${files.length} files, ${changed.length} changed`,
    ],
  };
}
