// generated/catalog-model.ts: the `CatalogModel` type and the `catalogModel` constant, the only
// view of the catalogue the runtime reads.
import type { CatalogModel } from '../../generated/catalog-model.ts';
import { CATALOG_MODEL_TYPES } from './catalog-model-types.ts';
import { stableJson, type GeneratedFile, type GenerateContext } from './context.ts';
import { tsHeader } from './header.ts';

export function generateCatalogModel(model: CatalogModel, ctx: GenerateContext): GeneratedFile[] {
  const contents = [
    tsHeader(ctx, 'The normalised catalogue model that runtime code reads.'),
    CATALOG_MODEL_TYPES,
    `export const catalogModel: CatalogModel = ${stableJson(model)};`,
    '',
  ].join('\n');
  return [{ path: 'catalog-model.ts', contents }];
}
