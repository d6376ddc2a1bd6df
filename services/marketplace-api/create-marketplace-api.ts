// Builds the Marketplace API handler and what it stands on from one SQLite database: the wiring
// shared by `startMarketplace` and the tests. The bus is reached only through `publisher` and
// `settings`, which are EventBridge API clients in production and fakes in unit tests.
import type Database from 'better-sqlite3';
import type { Logger } from '../api-gateway/logger.ts';
import type { ProxyHandler } from '../api-gateway/proxy-event.ts';
import type { SecretBox } from '../bus/resources/secret-box.ts';
import type { RequestStore } from '../request-store/request-store.ts';
import type { ApiDescription } from './api-description.ts';
import { SqliteApiKeys } from './api-keys.ts';
import type { DeliverySettings } from './delivery-settings.ts';
import type { EventPublisher } from './event-publisher.ts';
import { SqliteIdempotencyStore } from './idempotency-store.ts';
import { createMarketplaceApiHandler } from './marketplace-api-handler.ts';
import { KeyedLock } from './operation-context.ts';
import { PartnerRegistry, type CataloguePartner } from './partner-registry.ts';
import { RateLimiter } from './rate-limiter.ts';
import { WebhookSecretRotation } from './webhook-secret-rotation.ts';

export interface MarketplaceApiParts {
  db: Database.Database;
  description: ApiDescription;
  partners: readonly CataloguePartner[];
  store: RequestStore;
  publisher: EventPublisher;
  settings: DeliverySettings;
  secretBox: SecretBox;
  log: Logger;
  basePath?: string;
  rate?: { perSecond: number; burst: number };
  now?: () => number;
  catalogueSecret?: (partner: string) => string | undefined;
}

export interface MarketplaceApi {
  handler: ProxyHandler;
  apiKeys: SqliteApiKeys;
  partners: PartnerRegistry;
  rotation: WebhookSecretRotation;
}

export function createMarketplaceApi(parts: MarketplaceApiParts): MarketplaceApi {
  const now = parts.now ?? Date.now;
  const apiKeys = new SqliteApiKeys(parts.db);
  const partners = new PartnerRegistry(parts.db, parts.partners);
  const rotation = new WebhookSecretRotation(parts.db, parts.secretBox, parts.settings, now);
  const handler = createMarketplaceApiHandler({
    document: parts.description.document,
    operations: parts.description.operations,
    apiKeys,
    limiter: new RateLimiter(parts.rate?.perSecond ?? 20, parts.rate?.burst ?? 40, now),
    log: parts.log,
    ...(parts.basePath ? { basePath: parts.basePath } : {}),
    context: {
      store: parts.store,
      idempotency: new SqliteIdempotencyStore(parts.db, now),
      partners,
      settings: parts.settings,
      rotation,
      publisher: parts.publisher,
      locks: new KeyedLock(),
      now: () => new Date(now()),
      catalogueSecret: parts.catalogueSecret ?? (() => undefined),
    },
  });
  return { handler, apiKeys, partners, rotation };
}
