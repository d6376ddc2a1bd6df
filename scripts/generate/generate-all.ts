// Runs every generator: pure functions from the catalogue (or its model) and the frozen context to
// files. Nothing here touches the disk; `write-files.ts` does.
import { buildCatalogModel } from '../catalog/build-catalog-model.ts';
import type { Catalogue } from '../catalog/catalogue.ts';
import type { GeneratedFile, GenerateContext } from './context.ts';
import { generateApiTypes } from './generate-api-types.ts';
import { generateCatalogModel } from './generate-catalog-model.ts';
import { generateEventTypes } from './generate-event-types.ts';
import { generateReadme } from './generate-readme.ts';
import { generateRules } from './generate-rules.ts';
import { generateValidators } from './generate-validators.ts';
import { generateApiRoutes } from './services/generate-api-routes.ts';
import { generateConsumerSignatures } from './services/generate-consumer-signatures.ts';

export async function generateAll(
  catalogue: Catalogue,
  ctx: GenerateContext,
  model = buildCatalogModel(catalogue, ctx),
): Promise<GeneratedFile[]> {
  const files = [
    ...(await generateEventTypes(catalogue, ctx)),
    ...(await generateApiTypes(catalogue, ctx)),
    ...(await generateValidators(catalogue, ctx)),
    ...generateRules(model, ctx),
    ...generateCatalogModel(model, ctx),
    ...generateApiRoutes(catalogue.apis, ctx),
    ...generateConsumerSignatures(asyncapiDocument(catalogue), ctx),
  ];
  files.push(...generateReadme(files, ctx));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The AsyncAPI document as written (`$ref`s kept), for generators that follow references themselves. */
function asyncapiDocument(catalogue: Catalogue): Record<string, unknown> | undefined {
  const data = catalogue.asyncapi?.data;
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
}
