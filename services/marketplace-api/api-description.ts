// The Marketplace API's description: the OpenAPI document and its route table. The generated
// module (generated/services/marketplace-api-routes.ts, by scripts/generate/services) is used when
// present; otherwise the table is built at start from catalog/openapi/marketplace-api.yaml, with the
// same pure function, so the two cannot disagree.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { operationsFromOpenApi, type OperationSpec } from '../api-gateway/openapi-operations.ts';

export interface ApiDescription {
  document: Record<string, unknown>;
  operations: OperationSpec[];
  source: 'generated' | 'catalogue';
}

const generatedModule = '../../generated/services/marketplace-api-routes.ts';
const catalogueFile = new URL('../../catalog/openapi/marketplace-api.yaml', import.meta.url);

export async function loadApiDescription(): Promise<ApiDescription> {
  try {
    // A variable specifier: the module is optional, so the type checker must not require it.
    const mod = (await import(generatedModule)) as {
      marketplaceApiDocument: Record<string, unknown>;
      marketplaceApiOperations: OperationSpec[];
    };
    return {
      document: mod.marketplaceApiDocument,
      operations: mod.marketplaceApiOperations,
      source: 'generated',
    };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  const document = parse(readFileSync(catalogueFile, 'utf8')) as Record<string, unknown>;
  return { document, operations: operationsFromOpenApi(document), source: 'catalogue' };
}
