// Where `portico generate` writes, one folder per kind of output. Each folder holds generated files
// only (DESIGN.md), so the writer may remove what it did not generate there. `generated/` comes from
// any catalogue; the deployment outputs (SAM template, k6 scenarios, pacts) describe the marketplace
// system itself, so they need a catalogue that has its two HTTP APIs (a small test fixture has not).
import { buildCatalogModel } from '../catalog/build-catalog-model.ts';
import type { Catalogue } from '../catalog/catalogue.ts';
import { generatePacts, PACTS_DIR } from '../contracts/generate-pacts.ts';
import type { GeneratedFile, GenerateContext } from './context.ts';
import { generateAll } from './generate-all.ts';
import { infraModel } from './infra/from-catalogue.ts';
import { generateInfra, INFRA_DIR } from './infra/generate-infra.ts';
import { generateLoadtest, LOADTEST_DIR } from './loadtest/generate-loadtest.ts';
import { loadtestModel } from './loadtest/loadtest-model.ts';

export interface OutputTarget {
  /** Folder relative to the project root. */
  readonly root: string;
  readonly generate: () => Promise<GeneratedFile[]>;
}

const MARKETPLACE_APIS = ['partner-webhook', 'marketplace-api'];

export function outputTargets(
  catalogue: Catalogue,
  ctx: GenerateContext,
  options: { out: string; cwd: string; runtimeOnly: boolean },
): OutputTarget[] {
  const model = buildCatalogModel(catalogue, ctx);
  const targets: OutputTarget[] = [{ root: options.out, generate: () => generateAll(catalogue, ctx, model) }];
  const names = new Set(catalogue.apis.map((api) => api.name));
  if (options.runtimeOnly || !MARKETPLACE_APIS.every((name) => names.has(name))) return targets;
  targets.push(
    { root: INFRA_DIR, generate: async () => generateInfra(infraModel(catalogue, model), ctx) },
    {
      root: LOADTEST_DIR,
      generate: async () => generateLoadtest(loadtestModel(catalogue, model, ctx.routedEvent), ctx),
    },
    { root: PACTS_DIR, generate: () => generatePacts(catalogue, options.cwd) },
  );
  return targets;
}
