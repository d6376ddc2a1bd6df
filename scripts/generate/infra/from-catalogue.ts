// The generator's input from what the toolkit loads: the runtime catalogue model plus the
// Marketplace API's operations (`catalog/openapi/marketplace-api.yaml`).
import type { CatalogModel } from '../../../generated/catalog-model.ts';
import type { Catalogue } from '../../catalog/catalogue.ts';
import type { InfraModel } from './infra-model.ts';

export const MARKETPLACE_API = 'marketplace-api';

export function infraModel(catalogue: Catalogue, model: CatalogModel): InfraModel {
  const api = catalogue.apis.find((a) => a.name === MARKETPLACE_API);
  const localOnly = new Set(
    catalogue.partners.flatMap(({ declaration: d }) =>
      Object.entries(d.environments)
        .filter(([, env]) => env.local_only === true)
        .map(([name]) => `${d.id}/${name}`),
    ),
  );
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
