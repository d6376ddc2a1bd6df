import { existsSync } from 'node:fs';
import type { CatalogModel } from '../../../generated/catalog-model.ts';
import type { ValidateDetail } from '../local-bus.ts';

// The runtime reads generated/ when it exists; a fresh checkout before `portico generate` has none, and
// the bus must still run, so the imports are dynamic and a missing file answers undefined. A file that
// is there but fails to load is an error, not a missing file.

async function importIfPresent(relative: string): Promise<Record<string, unknown> | undefined> {
  const url = new URL(relative, import.meta.url);
  if (!existsSync(url)) return undefined;
  return (await import(url.href)) as Record<string, unknown>;
}

export async function loadCatalogModel(): Promise<CatalogModel | undefined> {
  const mod = await importIfPresent('../../../generated/catalog-model.ts');
  return mod?.catalogModel as CatalogModel | undefined;
}

export async function loadDetailValidator(): Promise<ValidateDetail | undefined> {
  const mod = await importIfPresent('../../../generated/validators/index.ts');
  return typeof mod?.validateDetail === 'function' ? (mod.validateDetail as ValidateDetail) : undefined;
}
