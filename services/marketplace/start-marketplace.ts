// Starts the marketplace services on a running local bus (`portico dev`): registers the event
// consumers as local Lambda functions with rules that reach them, mounts the Lambda proxy handlers
// (the Marketplace API under /api, the user portal under /portal, signed objects under /objects)
// on the bus's port, derives the partners' dev API keys, and starts the demo partners.
// Every service talks to the bus through EventBridge's API, as it would on AWS (events through the
// PutEvents operation in-process, the rest through the SDK).
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import pino from 'pino';
import { catalogModel, type CatalogModel } from '../../generated/catalog-model.ts';
import { validateDetail } from '../../generated/validators/index.ts';
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import { proxyListener, writeResult } from '../api-gateway/local-adapter.ts';
import { HttpProblem, problemResult } from '../api-gateway/problem.ts';
import type { Logger } from '../api-gateway/logger.ts';
import { functionArn, ruleArn } from '../bus/arns.ts';
import type { DeadLetterQueues } from '../delivery/dead-letters.ts';
import type { DeliveryQueue } from '../delivery/delivery-queue.ts';
import { LocalPartnerDeliveryLog, type PartnerScope } from '../delivery/partner-delivery-log.ts';
import type { LocalBus } from '../bus/local-bus.ts';
import { DEFAULT_RETRY } from '../bus/routing/route-event.ts';
import { SecretBox } from '../bus/resources/secret-box.ts';
import { setWebhookSecrets } from '../bus/catalog/self-service-secrets.ts';
import { inProcessClient } from '../bus/server/in-process-client.ts';
import { expectedAuth } from '../demo-partners/partner-auth.ts';
import { startDemoPartners, type DemoPartners } from '../demo-partners/start-demo-partners.ts';
import { marketplaceApiDescription } from '../marketplace-api/api-description.ts';
import { deriveDevApiKey, loadDevSeed } from '../marketplace-api/api-keys.ts';
import { createMarketplaceApi } from '../marketplace-api/create-marketplace-api.ts';
import { catalogueTestEvent } from '../marketplace-api/test-event-example.ts';
import { EventBridgeDeliverySettings } from '../marketplace-api/delivery-settings.ts';
import { createDispatcher, createNotifier } from '../notifier/notifier-consumer.ts';
import { SqliteOutbox } from '../notifier/sqlite-outbox.ts';
import { SqliteUserDirectory } from '../notifier/user-directory.ts';
import { createObjectHandler } from '../object-store/object-handler.ts';
import { LocalObjectStore } from '../object-store/object-store.ts';
import { PartnerAssignment } from '../request-store/partner-assignment.ts';
import { createRequestStoreConsumer } from '../request-store/request-store-consumer.ts';
import type { Environment } from '../request-store/request-store.ts';
import { SqliteRequestStore } from '../request-store/sqlite-request-store.ts';
import { createPortalStatusConsumer } from '../user-portal/portal-status-consumer.ts';
import { PortalRecords } from '../user-portal/portal-users.ts';
import { createUserPortalHandler } from '../user-portal/user-portal-handler.ts';
import type { SqliteWriter } from '../sqlite/writer.ts';
import { installConsumerRules } from './consumer-rules.ts';
import { seedEndedDeliveries, seedNewRequests } from './provider-state-seeds.ts';
import { createProviderStatesHandler, PROVIDER_STATES_PATH } from './provider-states.ts';
import { LocalBusPublisher } from './local-bus-publisher.ts';
import { startApiThread, type ApiThread } from './api-thread.ts';
import { idempotencyLifetimeMs, SqliteIdempotencyStore } from '../marketplace-api/idempotency-store.ts';
import { SqlitePartnerChanges } from '../marketplace-api/partner-registry.ts';
import { SqliteSealedSecrets } from '../marketplace-api/webhook-secret-rotation.ts';
import { statement } from '../sqlite/statements.ts';

/** What the marketplace needs of `portico dev`'s runtime (services/runtime/dev-runtime.ts `Runtime`). */
export interface MarketplaceHost {
  url: string;
  bus: LocalBus;
  server: {
    mount(prefix: string, handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): void;
  };
  functions: {
    registerFunction(name: string, handler: (event: unknown, context: unknown) => Promise<unknown>): void;
  };
  /** The delivery log and dead-letter queues: the partners' own view of their deliveries. */
  deliveryQueue?: DeliveryQueue;
  queues?: DeadLetterQueues;
}

export interface StartMarketplaceOptions {
  runtime: MarketplaceHost;
  dataDir: string;
  /** Start the demo partners on their catalogue ports (default true). */
  demoPartners?: boolean;
  model?: CatalogModel;
  log?: Logger;
  rate?: { perSecond: number; burst: number };
  /**
   * Serve the Pact provider-state endpoint (provider-states.ts) at /_portico/provider-states, for a
   * stock Pact verifier: dev and test only (`portico dev --provider-states`, the contract tests).
   */
  providerStates?: boolean;
  /**
   * Also serve the Marketplace API from a worker thread of its own on this loopback port (0: any free
   * one), beside the in-process /api on the bus's port (api-thread.ts).
   */
  apiThreadPort?: number;
}

export interface Marketplace {
  apiUrl: string;
  /** The Marketplace API served from its own thread (`apiThreadPort`), `<url>/api`. */
  apiThreadUrl?: string;
  /** The API thread, for its event-loop utilisation. */
  apiThread?: ApiThread;
  portalUrl: string;
  apiKeys: { partner: string; environment: Environment; key: string }[];
  demo?: DemoPartners;
  lines: string[];
  /** A reloaded catalogue: new partners' dev keys, the partner registry, routing, consumer rules. */
  reload(model: CatalogModel): Promise<void>;
  close(): Promise<void>;
}

export async function startMarketplace(opts: StartMarketplaceOptions): Promise<Marketplace> {
  const { runtime, dataDir } = opts;
  const model = opts.model ?? catalogModel;
  const log: Logger = opts.log ?? pino({ level: process.env.PORTICO_LOG_LEVEL ?? 'info' });
  const db = runtime.bus.db;
  const seed = loadDevSeed(dataDir);
  const client = new EventBridgeClient({
    endpoint: runtime.url,
    region: runtime.bus.identity.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // Events go in through the bus's PutEvents operation in-process (local-bus-publisher.ts); the rarer
  // settings calls and the consumer rules go through the SDK over HTTP, as a deployed service's would.
  const publisher = new LocalBusPublisher(runtime.bus, model.bus);
  // The services' writes share the bus's group commit: one transaction and one off-thread fsync for
  // all the writes of a turn of the event loop, each still durable before its caller goes on.
  const writer: SqliteWriter = { write: (work) => runtime.bus.commits.submit(work) };
  const destinationSecrets = (name: string) => runtime.bus.apiDestinations.get(name)?.webhookSecrets ?? [];
  // Self-service changes the catalogue's connections and API destinations, which refuse changes over
  // HTTP: it reaches them in-process (bus/operations/managed-change.ts), through the same SDK calls.
  const selfService = inProcessClient(runtime.bus, { selfService: true });
  const settings = new EventBridgeDeliverySettings({
    client: selfService,
    setDestinationSecrets: (name, secrets) => setWebhookSecrets(runtime.bus, name, secrets),
    // Secrets included, so that a self-service change that fails part-way puts the old ones back.
    readConnectionAuth: (name) => {
      const c = runtime.bus.connections.get(name);
      return c ? { AuthorizationType: c.authorizationType, AuthParameters: c.authParameters } : undefined;
    },
  });
  const store = new SqliteRequestStore(db, writer);
  const apiUrl = `${runtime.url}/api`;
  const deliveries = runtime.deliveryQueue
    ? new LocalPartnerDeliveryLog({
        queue: runtime.deliveryQueue,
        route: (scope) => partnerRoute(runtime.bus, model, scope),
        exampleEvent: catalogueTestEvent(),
        write: (work) => runtime.bus.commits.submit(work),
        ...(runtime.queues ? { queues: runtime.queues } : {}),
      })
    : undefined;
  const catalogueSecret = (partner: string, environment: Environment) =>
    destinationSecrets(`portico-${partner}-${environment}`)[0];
  const idempotency = new SqliteIdempotencyStore(db, Date.now, writer);
  const api = createMarketplaceApi({
    db,
    writer,
    description: marketplaceApiDescription,
    partners: model.partners,
    store,
    publisher,
    settings,
    secretBox: SecretBox.fromEnvOrFile(dataDir),
    log,
    basePath: '/api',
    ...(opts.rate ? { rate: opts.rate } : {}),
    catalogueSecret,
    ...(deliveries ? { deliveries } : {}),
  });
  const keysOf = (partners: CatalogModel['partners']) =>
    partners.flatMap((p) =>
      (['prod', 'test'] as const).map((environment) => ({
        partner: p.id,
        environment,
        key: deriveDevApiKey(seed, p.id, environment),
      })),
    );
  const apiKeys = keysOf(model.partners);
  for (const k of apiKeys) api.apiKeys.set(k.partner, k.environment, k.key);
  // The bus keeps what partners changed themselves across restarts (endpoints, credentials, secrets);
  // resuming re-arms the timers that end rotations' grace periods.
  await api.rotation.resume();

  const users = new SqliteUserDirectory(db, writer);
  const outbox = new SqliteOutbox(db, undefined, writer);
  const records = new PortalRecords(db, writer);
  const names = new Map(model.partners.map((p) => [p.id, p.name]));
  // Replaced when the catalogue is reloaded (`reload` below); the consumer reads it at each event.
  let assignment = new PartnerAssignment(model.rules);
  const consumers: Record<string, (event: EventBridgeEvent) => Promise<void>> = {
    'portico-request-store': createRequestStoreConsumer({
      store,
      assignment: { assign: (event) => assignment.assign(event) },
      log: (m, f) => log.info(f, m),
    }),
    'portico-user-portal-status': createPortalStatusConsumer(records),
    'portico-notifier': createNotifier({ users, publisher, partnerName: (id) => names.get(id) ?? id, log }),
    'portico-notification-dispatcher': createDispatcher({ sender: outbox, log }),
  };
  for (const [name, consumer] of Object.entries(consumers))
    runtime.functions.registerFunction(name, (event) => consumer(event as EventBridgeEvent));
  await installConsumerRules(client, model.bus, (name) => functionArn(runtime.bus.identity, name));

  const urlSecret = createHmac('sha256', seed).update('portico object URLs').digest();
  const objects = new LocalObjectStore(dataDir);
  const mounts = [
    { prefix: '/api', functionName: 'marketplace-api', handler: api.handler },
    {
      prefix: '/portal',
      functionName: 'user-portal',
      handler: createUserPortalHandler({
        prefix: '/portal',
        publisher,
        validateDetail,
        records,
        objects,
        objectsBaseUrl: `${runtime.url}/objects`,
        urlSecret,
        store,
        outbox,
        log,
      }),
    },
    {
      prefix: '/objects',
      functionName: 'object-store',
      handler: createObjectHandler({ store: objects, secret: urlSecret, prefix: '/objects' }),
    },
  ];
  const listener = proxyListener(mounts, log);
  let partnerIdsOf: (next: CatalogModel) => void = () => {};
  // The bus mounts by plain prefix (`/api` also catches `/apix`): what no mount claims is a 404.
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!(await listener(req, res)))
      writeResult(
        res,
        problemResult(new HttpProblem(404, 'not-found', `Nothing is served at ${req.url}.`), req.url ?? '/'),
      );
  };
  for (const m of mounts) runtime.server.mount(m.prefix, handle);
  if (opts.providerStates) {
    let partnerIds = () => model.partners.map((p) => p.id);
    const deliveryQueue = runtime.deliveryQueue;
    runtime.server.mount(
      PROVIDER_STATES_PATH,
      createProviderStatesHandler({
        partners: () => partnerIds(),
        setApiKey: (partner, environment, key) => api.apiKeys.set(partner, environment, key),
        restoreApiKey: (partner, environment) => {
          const own = apiKeys.find((k) => k.partner === partner && k.environment === environment);
          if (own) api.apiKeys.set(partner, environment, own.key);
        },
        rotateWebhookSecret: async (key) => {
          const res = await fetch(`${apiUrl}/partner/webhook-secret/rotate`, {
            method: 'POST',
            headers: { 'x-api-key': key, 'content-type': 'application/json' },
            body: JSON.stringify({ grace_period_seconds: 0 }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`rotating the webhook secret answered ${res.status}`);
        },
        seedRequests: (partner, environment, count) => seedNewRequests(store, partner, environment, count),
        seedDeliveries: async (partner, environment, count) => {
          const route = partnerRoute(runtime.bus, model, { partner, environment });
          if (!deliveryQueue || !route) throw new Error(`${partner} has no delivery route in ${environment}`);
          return seedEndedDeliveries(deliveryQueue, (work) => runtime.bus.commits.submit(work), route, count);
        },
        webhookSecret: (partner, environment) => destinationSecrets(`portico-${partner}-${environment}`)[0],
      }),
    );
    partnerIdsOf = (next) => {
      partnerIds = () => next.partners.map((p) => p.id);
    };
  }

  const demo =
    opts.demoPartners === false
      ? undefined
      : await startDemoPartners({
          partners: model.partners,
          apiUrl,
          apiKey: (partner, env) =>
            apiKeys.find((k) => k.partner === partner && k.environment === env)?.key ?? '',
          secrets: (partner) => destinationSecrets(`portico-${partner}-test`),
          auth: (partner) => {
            const c = runtime.bus.connections.get(`portico-${partner}-test`);
            return c && expectedAuth(c.authorizationType, c.authParameters);
          },
          log,
        });
  // The same API in a thread of its own; its writes and events come back here (api-thread.ts).
  const apiThread =
    opts.apiThreadPort === undefined
      ? undefined
      : await startApiThread(
          {
            dbFile: db.name,
            dataDir,
            partners: model.partners,
            ...(opts.rate ? { rate: opts.rate } : {}),
            logLevel: (log as { level?: string }).level ?? 'info',
            deliveries: deliveries !== undefined,
            port: opts.apiThreadPort,
          },
          {
            publisher,
            store,
            idempotency: {
              save: (...args: Parameters<SqliteIdempotencyStore['save']>) => idempotency.save(...args),
              sweepExpired: () =>
                writer.write(() =>
                  statement(db, `DELETE FROM market_idempotency WHERE created_at < ?`).run(
                    Date.now() - idempotencyLifetimeMs,
                  ),
                ),
            },
            partnerChanges: new SqlitePartnerChanges(db),
            sealedSecrets: new SqliteSealedSecrets(db),
            settings,
            ...(deliveries ? { deliveries } : {}),
            catalogue: { secret: catalogueSecret },
          },
        );
  const dataDirFlag = resolve(dataDir) === resolve('.portico') ? '' : ` --data-dir ${dataDir}`;
  const lines = [
    `Marketplace API  ${apiUrl}   (header X-Api-Key; the dev keys: npx portico demo --print-keys${dataDirFlag})`,
    ...(apiThread ? [`                 ${apiThread.url}/api   (the same API in a thread of its own)`] : []),
    `User portal      ${runtime.url}/portal`,
    ...(demo ? ['Demo partners:', ...demo.lines] : []),
    'Try:  npx portico demo',
  ];
  return {
    apiUrl,
    ...(apiThread ? { apiThreadUrl: `${apiThread.url}/api`, apiThread } : {}),
    portalUrl: `${runtime.url}/portal`,
    apiKeys,
    ...(demo ? { demo } : {}),
    lines,
    reload: async (next) => {
      api.partners.reload(next.partners);
      partnerIdsOf(next);
      apiThread?.reload(next.partners);
      for (const k of keysOf(next.partners)) {
        if (!apiKeys.some((o) => o.partner === k.partner && o.environment === k.environment)) apiKeys.push(k);
        api.apiKeys.set(k.partner, k.environment, k.key);
      }
      for (const p of next.partners) names.set(p.id, p.name);
      assignment = new PartnerAssignment(next.rules);
      await installConsumerRules(client, next.bus, (name) => functionArn(runtime.bus.identity, name));
    },
    close: async () => {
      await apiThread?.close();
      api.rotation.stop();
      await demo?.close();
      client.destroy();
      selfService.destroy();
    },
  };
}

/** The catalogue rule of a partner and environment, and where it sends, as the bus holds them now. */
function partnerRoute(bus: LocalBus, model: CatalogModel, scope: PartnerScope) {
  const name = model.rules.find(
    (r) => r.partner === scope.partner && r.environment === scope.environment,
  )?.name;
  const rule = name ? bus.rules.get(model.bus, name) : undefined;
  const target = rule?.targets[0];
  if (!rule || !target) return undefined;
  return {
    ruleArn: ruleArn(bus.identity, rule.bus, rule.name),
    targetId: target.Id,
    targetArn: target.Arn,
    retryPolicy: {
      maximumRetryAttempts: target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_RETRY.maximumRetryAttempts,
      maximumEventAgeInSeconds:
        target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY.maximumEventAgeInSeconds,
    },
    ...(target.DeadLetterConfig?.Arn ? { deadLetterArn: target.DeadLetterConfig.Arn } : {}),
    webhook: target.Arn.includes(':api-destination/'),
  };
}
