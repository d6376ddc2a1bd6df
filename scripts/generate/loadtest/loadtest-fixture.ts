// The real catalogue loaded once per test file, and the generator's output over it.
import { buildCatalogModel } from '../../catalog/build-catalog-model.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { createContext } from '../context.ts';
import { loadtestModel, type LoadtestModel } from './loadtest-model.ts';

export const ROOT = new URL('../../../', import.meta.url).pathname;

export async function realLoadtestModel(): Promise<LoadtestModel> {
  const { catalogue } = await loadCatalog('catalog', ROOT);
  const ctx = createContext();
  return loadtestModel(catalogue, buildCatalogModel(catalogue, ctx), ctx.routedEvent);
}
