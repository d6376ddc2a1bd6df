// The Marketplace API's description: the OpenAPI document and its route table, generated from
// catalog/openapi/marketplace-api.yaml by `portico generate` (scripts/generate/services), so the
// runtime neither reads nor parses the catalogue at start.
import {
  marketplaceApiDocument,
  marketplaceApiOperations,
} from '../../generated/services/marketplace-api-routes.ts';
import type { OperationSpec } from '../api-gateway/openapi-operations.ts';

export interface ApiDescription {
  document: Record<string, unknown>;
  operations: OperationSpec[];
}

export const marketplaceApiDescription: ApiDescription = {
  document: marketplaceApiDocument,
  operations: marketplaceApiOperations,
};
