// `portico generate [--check]` without the CLI: load, refuse an invalid catalogue, generate, then
// write (or compare, with `check`).
import { relative, resolve, sep } from 'node:path';
import type { Catalogue } from '../catalog/catalogue.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { formatProblem } from '../catalog/problem.ts';
import { createContext } from './context.ts';
import { outputTargets } from './output-targets.ts';
import { compareFiles, writeFiles } from './write-files.ts';

export interface GenerateReport {
  exitCode: 0 | 1;
  lines: string[];
  /** The catalogue generated from, when it was valid (`portico dev` applies it to the running bus). */
  catalogue?: Catalogue;
}

export async function runGenerate(options: {
  catalog: string;
  out: string;
  check?: boolean;
  /** Only `generated/`, what the runtime reads (`portico dev`); not infra, k6 or pacts. */
  runtimeOnly?: boolean;
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
  const targets = outputTargets(catalogue, createContext(), {
    out: options.out,
    cwd,
    runtimeOnly: options.runtimeOnly ?? false,
  });
  const outputs = await Promise.all(
    targets.map(async (t) => ({ dir: resolve(cwd, t.root), files: await t.generate() })),
  );
  const count = outputs.reduce((n, o) => n + o.files.length, 0);
  const shown = (dir: string, path: string) => relative(cwd, resolve(dir, path)).split(sep).join('/');
  const folders = targets.map((t) => t.root).join(', ');
  if (options.check) {
    const differences = outputs.flatMap((o) =>
      compareFiles(o.dir, o.files).map((d) => `${shown(o.dir, d.path)}  ${d.status}`),
    );
    if (differences.length === 0)
      return { exitCode: 0, lines: [`${folders}: ${count} files up to date`], catalogue };
    return {
      exitCode: 1,
      lines: [
        ...differences,
        `${differences.length} generated file(s) out of date: run \`portico generate\``,
      ],
    };
  }
  const changed = outputs.flatMap((o) =>
    writeFiles(o.dir, o.files).map(
      (d) =>
        `${shown(o.dir, d.path)}  ${d.status === 'extra' ? 'removed' : d.status === 'missing' ? 'created' : 'updated'}`,
    ),
  );
  return {
    exitCode: 0,
    lines: [...changed, `${folders}: ${count} files, ${changed.length} changed`],
    catalogue,
  };
}
