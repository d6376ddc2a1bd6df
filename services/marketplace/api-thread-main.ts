// Inside the Marketplace API's worker thread (api-thread.ts starts it). The API answers HTTP on a
// loopback port of its own, reads through a connection of its own to the same SQLite file (WAL:
// readers never wait for the writer), and writes nothing itself: the connection is query-only.
// Every write, and every event, is a call to the bus's thread, which commits it through the bus's
// one commit queue (PutEvents for events) and answers once it is on disk.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { startAdapterServer } from '../api-gateway/local-adapter.ts';
import { SecretBox } from '../bus/resources/secret-box.ts';
import type { PartnerDeliveryLog } from '../delivery/partner-delivery-log.ts';
import { marketplaceApiDescription } from '../marketplace-api/api-description.ts';
import { SqliteApiKeys } from '../marketplace-api/api-keys.ts';
import { assembleMarketplaceApi } from '../marketplace-api/create-marketplace-api.ts';
import type { DeliverySettings } from '../marketplace-api/delivery-settings.ts';
import type { BatchEventPublisher } from '../marketplace-api/event-publisher.ts';
import { SqliteIdempotencyStore } from '../marketplace-api/idempotency-store.ts';
import { SqlitePartnerChanges } from '../marketplace-api/partner-registry.ts';
import { SqliteSealedSecrets } from '../marketplace-api/webhook-secret-rotation.ts';
import type { Environment, RequestStore } from '../request-store/request-store.ts';
import { SqliteRequestStore } from '../request-store/sqlite-request-store.ts';
import type { ApiThreadData, ApiThreadMessage, ToApiThread } from './api-thread.ts';
import { RpcClient } from './thread-rpc.ts';

const port = parentPort;
if (!port) throw new Error('api-thread-main.ts runs in a worker thread (api-thread.ts starts it)');
const post = (m: ApiThreadMessage) => port.postMessage(m);
const data = workerData as ApiThreadData;
try {
  const rpc = new RpcClient((call) => post(call));
  const db = new Database(data.dbFile);
  db.pragma('busy_timeout = 5000');
  // Reads only: the tables exist (the bus's thread created them), and a write here would be a
  // second committer.
  const local = {
    store: new SqliteRequestStore(db, { write: () => Promise.reject(new Error('read-only thread')) }),
    // The only write the local store makes is its sweep of expired keys: the bus's thread runs it.
    idempotency: new SqliteIdempotencyStore(db, Date.now, {
      write: () => rpc.call('idempotency', 'sweepExpired', []),
    }),
    partnerChanges: new SqlitePartnerChanges(db),
    sealedSecrets: new SqliteSealedSecrets(db),
    apiKeys: new SqliteApiKeys(db),
  };
  db.pragma('query_only = true');
  const store: RequestStore = {
    ...rpc.remote<RequestStore>('store', ['record', 'changeStatus']),
    findForPartner: (id, partner, env) => local.store.findForPartner(id, partner, env),
    listForPartner: (q) => local.store.listForPartner(q),
    overview: (id) => local.store.overview(id),
  };
  const log = pino({ level: data.logLevel });
  const deliveries = data.deliveries
    ? rpc.remote<PartnerDeliveryLog>('deliveries', ['list', 'resend', 'sendTestEvent'])
    : undefined;
  const api = assembleMarketplaceApi({
    description: marketplaceApiDescription,
    partners: data.partners,
    store,
    publisher: rpc.remote<BatchEventPublisher>('publisher', ['put', 'putAll']),
    settings: rpc.remote<DeliverySettings>('settings', [
      'setEndpoint',
      'setAuth',
      'setWebhookSecrets',
      'capture',
      'restore',
    ]),
    secretBox: SecretBox.fromEnvOrFile(data.dataDir),
    log,
    basePath: '/api',
    ...(data.rate ? { rate: data.rate } : {}),
    catalogueSecret: (partner: string, environment: Environment) =>
      rpc.call<string | undefined>('catalogue', 'secret', [partner, environment]),
    ...(deliveries ? { deliveries } : {}),
    stores: {
      apiKeys: local.apiKeys,
      idempotency: {
        lookup: (scope, key, print) => local.idempotency.lookup(scope, key, print),
        save: (...args) => rpc.call('idempotency', 'save', args),
      },
      partnerChanges: {
        read: (partner) => local.partnerChanges.read(partner),
        writePatch: (...args) => rpc.call('partnerChanges', 'writePatch', args),
        writeRotation: (...args) => rpc.call('partnerChanges', 'writeRotation', args),
      },
      sealedSecrets: {
        get: (partner) => local.sealedSecrets.get(partner),
        partners: () => local.sealedSecrets.partners(),
        put: (row) => rpc.call('sealedSecrets', 'put', [row]),
        dropPrevious: (...args) => rpc.call('sealedSecrets', 'dropPrevious', args),
      },
    },
  });
  const server = await startAdapterServer(
    [{ prefix: '/api', functionName: 'marketplace-api', handler: api.handler }],
    log,
    data.port,
  );
  port.on('message', (m: ToApiThread) => {
    if (m.kind === 'reply') rpc.settle(m);
    else if (m.kind === 'reload') api.partners.reload(m.partners);
    else if (m.kind === 'close') {
      api.rotation.stop();
      // Answers in flight finish; idle keep-alive connections are closed so that close returns.
      const closed = server.close();
      server.server.closeIdleConnections();
      void closed.then(() => {
        db.close();
        post({ kind: 'closed' });
      });
    }
  });
  post({ kind: 'ready', url: server.url });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
