import type { CatalogModel } from '../../../generated/catalog-model.ts';
import type { ValidateDetail } from '../local-bus.ts';

// The runtime reads generated/ when it exists; a fresh checkout before `portico generate` has none, and
// the bus must still run, so the imports are dynamic and a missing module answers undefined.

async function importIfPresent(relative: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(new URL(relative, import.meta.url).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

export async function loadCatalogModel(): Promise<CatalogModel | undefined> {
  const mod = await importIfPresent('../../../generated/catalog-model.ts');
  return mod?.catalogModel as CatalogModel | undefined;
}

export async function loadDetailValidator(): Promise<ValidateDetail | undefined> {
  const mod = await importIfPresent('../../../generated/validators/index.ts');
  return typeof mod?.validateDetail === 'function' ? (mod.validateDetail as ValidateDetail) : undefined;
}
