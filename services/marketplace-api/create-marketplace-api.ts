// Builds the Marketplace API handler and what it stands on. `assembleMarketplaceApi` takes the
// stores behind their interfaces (DynamoDB on AWS: lambda.ts); `createMarketplaceApi` builds them
// from one SQLite database, the wiring shared by `startMarketplace` and the tests. The bus is
// reached only through `publisher` and `settings`, which are EventBridge API clients in
// production and fakes in unit tests.
import type Database from 'better-sqlite3';
import type { Logger } from '../api-gateway/logger.ts';
import type { PartnerDeliveryLog } from '../delivery/partner-delivery-log.ts';
import type { ProxyHandler } from '../api-gateway/proxy-event.ts';
import { SchemaCompiler } from '../api-gateway/schema-compiler.ts';
import type { SecretBox } from '../bus/resources/secret-box.ts';
import type { Environment, RequestStore } from '../request-store/request-store.ts';
import type { SqliteWriter } from '../sqlite/writer.ts';
import type { ApiDescription } from './api-description.ts';
import { SqliteApiKeys, type ApiKeyDirectory } from './api-keys.ts';
import type { DeliverySettings } from './delivery-settings.ts';
import type { BatchEventPublisher } from './event-publisher.ts';
import { SqliteIdempotencyStore, type IdempotencyStore } from './idempotency-store.ts';
import { createMarketplaceApiHandler } from './marketplace-api-handler.ts';
import { KeyedLock } from './operation-context.ts';
import {
  PartnerRegistry,
  SqlitePartnerChanges,
  type CataloguePartner,
  type PartnerChangeStore,
} from './partner-registry.ts';
import { RateLimiter } from './rate-limiter.ts';
import {
  SqliteSealedSecrets,
  WebhookSecretRotation,
  type SealedSecretStore,
} from './webhook-secret-rotation.ts';

interface CommonParts {
  description: ApiDescription;
  partners: readonly CataloguePartner[];
  store: RequestStore;
  publisher: BatchEventPublisher;
  settings: DeliverySettings;
  secretBox: SecretBox;
  log: Logger;
  basePath?: string;
  rate?: { perSecond: number; burst: number };
  now?: () => number;
  catalogueSecret?: (
    partner: string,
    environment: Environment,
  ) => string | undefined | Promise<string | undefined>;
  deliveries?: PartnerDeliveryLog;
}

export interface MarketplaceApiStores {
  apiKeys: ApiKeyDirectory;
  idempotency: IdempotencyStore;
  partnerChanges: PartnerChangeStore;
  sealedSecrets: SealedSecretStore;
}

export interface MarketplaceApiParts extends CommonParts {
  db: Database.Database;
  /** How the request-path writes commit (default: a transaction each; `portico dev`: the bus's commit queue). */
  writer?: SqliteWriter;
}

export interface AssembledMarketplaceApi {
  handler: ProxyHandler;
  partners: PartnerRegistry;
  rotation: WebhookSecretRotation;
}

export interface MarketplaceApi extends AssembledMarketplaceApi {
  apiKeys: SqliteApiKeys;
}

export function assembleMarketplaceApi(
  parts: CommonParts & { stores: MarketplaceApiStores },
): AssembledMarketplaceApi {
  const now = parts.now ?? Date.now;
  const partners = new PartnerRegistry(parts.stores.partnerChanges, parts.partners);
  const rotation = new WebhookSecretRotation(
    parts.stores.sealedSecrets,
    parts.secretBox,
    parts.settings,
    now,
  );
  const handler = createMarketplaceApiHandler({
    document: parts.description.document,
    operations: parts.description.operations,
    apiKeys: parts.stores.apiKeys,
    // Per Lambda instance on AWS: API Gateway's usage plan per partner is the limit that holds.
    limiter: new RateLimiter(parts.rate?.perSecond ?? 20, parts.rate?.burst ?? 40, now),
    log: parts.log,
    ...(parts.basePath ? { basePath: parts.basePath } : {}),
    context: {
      store: parts.store,
      idempotency: parts.stores.idempotency,
      partners,
      settings: parts.settings,
      rotation,
      publisher: parts.publisher,
      locks: new KeyedLock(),
      schemas: new SchemaCompiler(parts.description.document),
      log: parts.log,
      now: () => new Date(now()),
      catalogueSecret: parts.catalogueSecret ?? (() => undefined),
      ...(parts.deliveries ? { deliveries: parts.deliveries } : {}),
    },
  });
  return { handler, partners, rotation };
}

export function createMarketplaceApi(parts: MarketplaceApiParts): MarketplaceApi {
  const { db, writer, ...common } = parts;
  const apiKeys = new SqliteApiKeys(db);
  const assembled = assembleMarketplaceApi({
    ...common,
    stores: {
      apiKeys,
      idempotency: new SqliteIdempotencyStore(db, parts.now ?? Date.now, writer),
      partnerChanges: new SqlitePartnerChanges(db),
      sealedSecrets: new SqliteSealedSecrets(db),
    },
  });
  return { ...assembled, apiKeys };
}
