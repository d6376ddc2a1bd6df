// A Marketplace API on an in-memory database with the catalogue's real partners, served over HTTP
// by the local API Gateway adapter, with the bus replaced by recorders: for the API's own tests.
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { catalogModel } from '../../../generated/catalog-model.ts';
import { startAdapterServer } from '../../api-gateway/local-adapter.ts';
import { silentLogger } from '../../api-gateway/logger.ts';
import { SecretBox } from '../../bus/resources/secret-box.ts';
import type { Environment } from '../../request-store/request-store.ts';
import { SqliteRequestStore } from '../../request-store/sqlite-request-store.ts';
import { marketplaceApiDescription } from '../api-description.ts';
import { deriveDevApiKey } from '../api-keys.ts';
import { assembleMarketplaceApi, createMarketplaceApi } from '../create-marketplace-api.ts';
import { DynamoDbApiKeys } from '../dynamodb/dynamodb-api-keys.ts';
import { DynamoDbIdempotencyStore } from '../dynamodb/dynamodb-idempotency-store.ts';
import { DynamoDbPartnerChanges } from '../dynamodb/dynamodb-partner-changes.ts';
import { DynamoDbSealedSecrets } from '../dynamodb/dynamodb-sealed-secrets.ts';
import { InMemoryDocumentClient } from '../dynamodb/in-memory-document-client.ts';
import type { DeliverySettings } from '../delivery-settings.ts';
import type { EventPublisher } from '../event-publisher.ts';
import { fixtureDeliveryLog } from './fixture-delivery-log.ts';

export interface PutEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export type ApiStores = 'sqlite' | 'dynamodb';

export async function startApiFixture(
  opts: { rate?: { perSecond: number; burst: number }; stores?: ApiStores } = {},
) {
  const db = new Database(':memory:');
  const dynamo = new InMemoryDocumentClient();
  const store = new SqliteRequestStore(db);
  const events: PutEvent[] = [];
  const settingsCalls: unknown[][] = [];
  const publisher: EventPublisher = {
    async put(source, detailType, detail) {
      events.push({ source, detailType, detail: detail as Record<string, unknown> });
      return randomUUID();
    },
  };
  const settings: DeliverySettings = {
    setEndpoint: async (...args) => void settingsCalls.push(['endpoint', ...args]),
    setAuth: async (...args) => void settingsCalls.push(['auth', ...args]),
    setWebhookSecrets: async (...args) => void settingsCalls.push(['secrets', ...args]),
  };
  const deliveries = fixtureDeliveryLog(db);
  const common = {
    deliveries: deliveries.log,
    description: marketplaceApiDescription,
    partners: catalogModel.partners,
    store,
    publisher,
    settings,
    secretBox: new SecretBox(randomBytes(32)),
    log: silentLogger,
    basePath: '/api',
    rate: opts.rate ?? { perSecond: 1000, burst: 1000 },
  };
  const api =
    opts.stores === 'dynamodb'
      ? (() => {
          const apiKeys = new DynamoDbApiKeys(dynamo, 'requests');
          const assembled = assembleMarketplaceApi({
            ...common,
            stores: {
              apiKeys,
              idempotency: new DynamoDbIdempotencyStore(dynamo, 'requests'),
              partnerChanges: new DynamoDbPartnerChanges(dynamo, 'requests'),
              sealedSecrets: new DynamoDbSealedSecrets(dynamo, 'requests'),
            },
          });
          return { ...assembled, apiKeys };
        })()
      : createMarketplaceApi({ db, ...common });
  const seed = randomBytes(32);
  const keys = new Map<string, string>();
  for (const p of catalogModel.partners) {
    for (const env of ['prod', 'test'] as const) {
      const key = deriveDevApiKey(seed, p.id, env);
      await api.apiKeys.set(p.id, env, key);
      keys.set(`${p.id}/${env}`, key);
    }
  }
  const server = await startAdapterServer(
    [{ prefix: '/api', handler: api.handler, functionName: 'marketplace-api' }],
    silentLogger,
  );
  const keyOf = (partner: string, env: Environment = 'test') => keys.get(`${partner}/${env}`) ?? '';

  /** Records a request assigned to `partners`, as the request store's consumer would. */
  async function placeRequest(
    partners: string[],
    env: Environment = 'test',
    detail: Record<string, unknown> = {},
  ): Promise<string> {
    const requestId = randomUUID();
    await store.record(
      {
        requestId,
        userId: 'u-1',
        environment: env,
        detail: {
          user_id: 'u-1',
          request_status: 'new',
          request_types: ['books'],
          environment: env,
          ...detail,
        },
        createdAt: new Date().toISOString(),
      },
      partners.map((partner) => ({ partner, environment: env })),
    );
    return requestId;
  }

  async function call(
    method: string,
    path: string,
    init: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = {
      ...(init.key ? { 'x-api-key': init.key } : {}),
      ...init.headers,
    };
    if (init.body !== undefined && !headers['content-type'])
      headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      headers,
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  }

  return {
    url: server.url,
    db,
    dynamo,
    store,
    events,
    settingsCalls,
    api,
    deliveryQueue: deliveries.queue,
    keyOf,
    placeRequest,
    call,
    close: () => server.close(),
  };
}

export type ApiFixture = Awaited<ReturnType<typeof startApiFixture>>;
