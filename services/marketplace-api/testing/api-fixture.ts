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
import { SqliteApiKeys } from '../api-keys.ts';
import { assembleMarketplaceApi } from '../create-marketplace-api.ts';
import { SqliteIdempotencyStore } from '../idempotency-store.ts';
import { SqlitePartnerChanges, type PartnerChangeStore } from '../partner-registry.ts';
import { SqliteSealedSecrets } from '../webhook-secret-rotation.ts';
import { DynamoDbApiKeys } from '../dynamodb/dynamodb-api-keys.ts';
import { DynamoDbIdempotencyStore } from '../dynamodb/dynamodb-idempotency-store.ts';
import { DynamoDbPartnerChanges } from '../dynamodb/dynamodb-partner-changes.ts';
import { DynamoDbSealedSecrets } from '../dynamodb/dynamodb-sealed-secrets.ts';
import { InMemoryDocumentClient } from '../dynamodb/in-memory-document-client.ts';
import { connectionAuth, type DeliverySettings, type DeliverySnapshot } from '../delivery-settings.ts';
import type { BatchEventPublisher } from '../event-publisher.ts';
import { fixtureDeliveryLog } from './fixture-delivery-log.ts';
import { assertDeclared } from './response-contract.ts';

export interface PutEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export type ApiStores = 'sqlite' | 'dynamodb';

/** The steps of a self-service change where `faults.failAt` makes the next call fail. */
export type FaultPoint = 'endpoint' | 'auth' | 'store' | 'announce';

export async function startApiFixture(
  opts: { rate?: { perSecond: number; burst: number }; stores?: ApiStores } = {},
) {
  const db = new Database(':memory:');
  const dynamo = new InMemoryDocumentClient();
  const store = new SqliteRequestStore(db);
  const events: PutEvent[] = [];
  const settingsCalls: unknown[][] = [];
  // A failure to inject: the next call at `failAt` (for `environment`, if given) throws `error`.
  const faults: { failAt?: FaultPoint; environment?: Environment; error?: Error } = {};
  const fault = (point: FaultPoint, environment?: Environment) => {
    if (faults.failAt !== point || (faults.environment && faults.environment !== environment)) return;
    delete faults.failAt;
    throw faults.error ?? new Error(`injected failure at ${point}`);
  };
  const publisher: BatchEventPublisher = {
    async put(source, detailType, detail) {
      events.push({ source, detailType, detail: detail as Record<string, unknown> });
      return randomUUID();
    },
    async putAll(entries) {
      fault('announce');
      return entries.map((e) => {
        events.push({ ...e, detail: e.detail as Record<string, unknown> });
        return randomUUID();
      });
    },
  };
  // The bus's delivery settings as a map: what `capture` reads and `restore` puts back.
  const bus = new Map<string, DeliverySnapshot>();
  const busKey = (partner: string, env: Environment) => `${partner}/${env}`;
  const authTypes = {
    api_key: 'API_KEY',
    basic: 'BASIC',
    oauth_client_credentials: 'OAUTH_CLIENT_CREDENTIALS',
  } as const;
  for (const p of catalogModel.partners)
    for (const env of ['prod', 'test'] as const) {
      const e = p.environments[env];
      if (e?.endpoint)
        bus.set(busKey(p.id, env), {
          endpoint: e.endpoint,
          ...(e.auth
            ? {
                connection: {
                  AuthorizationType: authTypes[e.auth.type as keyof typeof authTypes],
                  AuthParameters: {},
                },
              }
            : {}),
        });
    }
  const settings: DeliverySettings = {
    setEndpoint: async (...args) => {
      fault('endpoint', args[1]);
      settingsCalls.push(['endpoint', ...args]);
      const key = busKey(args[0], args[1]);
      bus.set(key, { ...bus.get(key), endpoint: args[2] });
    },
    setAuth: async (...args) => {
      fault('auth', args[1]);
      settingsCalls.push(['auth', ...args]);
      const key = busKey(args[0], args[1]);
      bus.set(key, { ...bus.get(key), connection: connectionAuth(args[2]) });
    },
    setWebhookSecrets: async (...args) => void settingsCalls.push(['secrets', ...args]),
    capture: async (partner, env) => structuredClone(bus.get(busKey(partner, env)) ?? {}),
    restore: async (partner, env, snapshot) => {
      settingsCalls.push(['restore', partner, env]);
      bus.set(busKey(partner, env), { ...bus.get(busKey(partner, env)), ...structuredClone(snapshot) });
    },
  };
  const deliveries = fixtureDeliveryLog(db);
  const faulty = (changes: PartnerChangeStore): PartnerChangeStore => ({
    read: (partner) => changes.read(partner),
    writePatch: async (partner, patch) => {
      fault('store');
      await changes.writePatch(partner, patch);
    },
    writeRotation: (...args) => changes.writeRotation(...args),
  });
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
              partnerChanges: faulty(new DynamoDbPartnerChanges(dynamo, 'requests')),
              sealedSecrets: new DynamoDbSealedSecrets(dynamo, 'requests'),
            },
          });
          return { ...assembled, apiKeys };
        })()
      : (() => {
          const apiKeys = new SqliteApiKeys(db);
          const assembled = assembleMarketplaceApi({
            ...common,
            stores: {
              apiKeys,
              idempotency: new SqliteIdempotencyStore(db, Date.now),
              partnerChanges: faulty(new SqlitePartnerChanges(db)),
              sealedSecrets: new SqliteSealedSecrets(db),
            },
          });
          return { ...assembled, apiKeys };
        })();
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
    // Every answer of every test through this client is checked against the OpenAPI.
    assertDeclared({
      method,
      path: path.split('?')[0] ?? path,
      status: res.status,
      headers: res.headers,
      text,
    });
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
    bus,
    faults,
    api,
    deliveryQueue: deliveries.queue,
    keyOf,
    placeRequest,
    call,
    close: () => server.close(),
  };
}

export type ApiFixture = Awaited<ReturnType<typeof startApiFixture>>;
