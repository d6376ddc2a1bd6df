// The generator's input from what the toolkit loads: the runtime catalogue model plus the
// Marketplace API's operations (`catalog/openapi/marketplace-api.yaml`).
import type { CatalogModel } from '../../../generated/catalog-model.ts';
import type { Catalogue } from '../../catalog/catalogue.ts';
import { localOnlyEnvironments } from '../../catalog/local-only.ts';
import type { InfraModel } from './infra-model.ts';

export const MARKETPLACE_API = 'marketplace-api';

export function infraModel(catalogue: Catalogue, model: CatalogModel): InfraModel {
  const api = catalogue.apis.find((a) => a.name === MARKETPLACE_API);
  const localOnly = localOnlyEnvironments(catalogue);
  return {
    ...model,
    rules: model.rules.map((rule) =>
      localOnly.has(`${rule.partner}/${rule.environment}`) ? { ...rule, localOnly: true } : rule,
    ),
    apiOperations: (api?.operations ?? []).map((op) => ({
      operationId: op.operationId,
      method: op.method,
      path: op.path,
    })),
  };
}
