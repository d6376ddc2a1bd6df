// Writes (or, with `--check`, compares) `infra/template.yaml` from the catalogue, with the same
// loader, context and writer as `portico generate`. Until `portico generate` writes infra/ itself
// this is its entry point: `npx tsx scripts/infra/generate-template.ts [--check]`.
import { resolve } from 'node:path';
import { buildCatalogModel } from '../catalog/build-catalog-model.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { formatProblem } from '../catalog/problem.ts';
import { createContext, type GeneratedFile } from '../generate/context.ts';
import { infraModel } from '../generate/infra/from-catalogue.ts';
import { generateInfra, INFRA_DIR } from '../generate/infra/generate-infra.ts';
import { compareFiles, writeFiles } from '../generate/write-files.ts';

export async function templateFromCatalogue(
  catalog = 'catalog',
  cwd = process.cwd(),
): Promise<GeneratedFile[]> {
  const { catalogue, problems } = await loadCatalog(catalog, cwd);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    throw new Error(`${errors.map(formatProblem).join('\n')}\nnot generating: ${errors.length} problem(s)`);
  const ctx = createContext();
  return generateInfra(infraModel(catalogue, buildCatalogModel(catalogue, ctx)), ctx);
}

export async function runInfraGenerate(
  options: { check?: boolean; cwd?: string } = {},
): Promise<{ exitCode: 0 | 1; lines: string[] }> {
  const cwd = options.cwd ?? process.cwd();
  const files = await templateFromCatalogue('catalog', cwd);
  const outDir = resolve(cwd, INFRA_DIR);
  const differences = options.check ? compareFiles(outDir, files) : writeFiles(outDir, files);
  const lines = differences.map((d) => `${INFRA_DIR}/${d.path}  ${d.status}`);
  if (options.check && differences.length > 0)
    return { exitCode: 1, lines: [...lines, 'infra/ is out of date: run `portico generate`'] };
  return {
    exitCode: 0,
    lines: [
      ...lines,
      `${INFRA_DIR}/: ${files.length} file(s), ${differences.length} ${options.check ? 'stale' : 'changed'}`,
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await runInfraGenerate({ check: process.argv.includes('--check') });
  for (const line of report.lines) console.log(line);
  process.exitCode = report.exitCode;
}
