// The rules an event meets on the marketplace bus: each partner's delivery rule per environment,
// built from the catalogue as `portico generate` builds them, then the marketplace's own consumers
// (request store, user portal, notifier), as `npm start` installs them.
import type { CatalogModel } from '../../generated/catalog-model.ts';
import { consumerRules } from '../../services/marketplace/consumer-rules.ts';
import type { RouteRule } from './route-event.ts';

export function catalogueRules(model: CatalogModel): RouteRule[] {
  return [
    ...model.rules.map((r) => ({
      name: r.name,
      kind: 'partner' as const,
      partner: r.partner,
      environment: r.environment,
      description: r.description,
      eventPattern: r.eventPattern,
    })),
    ...consumerRules.map((r) => ({
      name: r.name,
      kind: 'consumer' as const,
      description: r.description,
      eventPattern: r.pattern,
    })),
  ];
}
