import { join } from 'node:path';
import type { Logger } from 'pino';
import pino from 'pino';
import { DeliveryQueue } from '../delivery/delivery-queue.ts';
import { DeliveryWorker, type DeliveryWorkerOptions } from '../delivery/delivery-worker.ts';
import { createApiDestinationInvoker } from '../delivery/api-destination-invoker.ts';
import type { ThreadSender } from '../delivery/sender-thread.ts';
import { OAuthTokenCache } from '../delivery/oauth-token-cache.ts';
import { effectivePolicy } from '../delivery/outbound-guard.ts';
import { createDeliveriesHandler, DELIVERIES_PREFIX } from '../delivery/deliveries-http-handler.ts';
import { createSchemasHandler, SCHEMAS_PREFIX } from '../schemas-api/index.ts';
import { createStaticSiteHandler, DOCS_PREFIX } from '../docs-site/static-site-handler.ts';
import { DEFAULT_IDENTITY, type BusIdentity } from '../bus/arns.ts';
import { installCatalogRules, type InstallReport } from '../bus/catalog/install-catalog-rules.ts';
import { loadCatalogModel, loadDetailValidator } from '../bus/catalog/load-generated.ts';
import { createLocalBus, type LocalBus, type ValidationMode } from '../bus/local-bus.ts';
import { LocalQueues } from '../bus/queues/local-queues.ts';
import { SecretBox } from '../bus/resources/secret-box.ts';
import { inspectEndpoint } from '../bus/inspect/inspect-endpoint.ts';
import { loopbackOnly } from '../console/console-pages.ts';
import { mountConsole } from '../console/mount-console.ts';
import { startBusServer, type BusServer } from '../bus/server/http-server.ts';
import { openDatabase } from '../bus/store/open-database.ts';
import { WalCheckpointer } from '../bus/store/wal-checkpointer.ts';
import { busInvoker } from '../bus/targets/bus-invoker.ts';
import { FunctionRegistry } from '../bus/targets/function-registry.ts';
import { lambdaInvoker } from '../bus/targets/lambda-invoker.ts';
import { queueInvoker } from '../bus/targets/queue-invoker.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { startStandIns, type StandIns } from './stand-in-endpoints.ts';

export interface RuntimeOptions {
  port?: number;
  host?: string;
  /** Directory of `portico.db` and `secret.key`; `PORTICO_DATA_DIR`, default `.portico`. */
  dataDir?: string;
  validation?: ValidationMode;
  /** Install the catalogue's rules from generated/ (default true). */
  catalog?: boolean;
  /** Start the delivery worker (default true; the load test turns it off to measure ingestion alone). */
  deliver?: boolean;
  /** Production's outbound rules (https, public addresses only); PORTICO_STRICT_ENDPOINTS=1 also sets them. */
  strictEndpoints?: boolean;
  identity?: BusIdentity;
  logger?: Logger;
  /**
   * Deliver to partner endpoints that are not on this machine through a local stand-in
   * (stand-in-endpoints.ts). Default false; `portico dev` turns it on unless `--real-endpoints`.
   */
  standIns?: boolean;
  /** A folder holding the built docs site (`portico docs`), served under /docs. */
  docsDir?: string;
  /**
   * The delivery worker's clock and retry schedule (tests step through retries without sleeping), and
   * `senderThread`: partners' HTTP exchanges in a worker thread of their own (delivery/sender-thread.ts),
   * off the thread that commits and serves requests. Default off (tests start many runtimes).
   */
  delivery?: Pick<DeliveryWorkerOptions, 'clock' | 'schedule'> & { senderThread?: boolean };
}

export interface Runtime {
  readonly url: string;
  readonly port: number;
  readonly bus: LocalBus;
  readonly server: BusServer;
  readonly queues: LocalQueues;
  readonly functions: FunctionRegistry;
  readonly deliveryQueue: DeliveryQueue;
  readonly catalog: InstallReport | undefined;
  /** The local stand-in for non-local partner endpoints, when `standIns` is on. */
  readonly standIns: StandIns | undefined;
  /** The thread partners' HTTP exchanges run in, when `delivery.senderThread` is on. */
  readonly senderThread: ThreadSender | undefined;
  /** Stop accepting, finish in-flight requests, commit, stop replays and deliveries, close the database. */
  close(): Promise<void>;
}

/** The bus's port is taken by another process. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use`);
    this.name = 'PortInUseError';
  }
}

/** Wires the bus, the delivery queue and worker with every invoker, and the HTTP server: `portico dev`. */
export async function startRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? pino({ level: process.env.PORTICO_LOG_LEVEL ?? 'info' });
  const identity = opts.identity ?? DEFAULT_IDENTITY;
  const dataDir = opts.dataDir ?? process.env.PORTICO_DATA_DIR ?? '.portico';
  const lock = lockDataDir(dataDir);
  const db = openDatabase(join(dataDir, 'portico.db'));
  // Checkpoints off the main thread: a COMMIT never stalls copying the WAL into the database.
  const checkpointer = await WalCheckpointer.start(db, {
    onError: (message) => logger.warn({ error: message }, 'WAL checkpoint failed; the next one retries'),
  });
  const deliveryQueue = new DeliveryQueue(db);
  const queues = new LocalQueues(db, identity);
  const mode = opts.validation ?? 'off';
  const validate = mode === 'off' ? undefined : await loadDetailValidator();
  if (mode !== 'off' && !validate) logger.warn('generated/validators is missing: event validation is off');
  // Local development: demo partners listen on http://127.0.0.1, which production refuses.
  const endpointPolicy = effectivePolicy(
    { allowHttp: true, allowPrivateNetworks: true },
    opts.strictEndpoints || process.env.PORTICO_STRICT_ENDPOINTS === '1',
  );
  // One token cache: the token an OAuth connection's authorization obtains is the one deliveries send.
  const oauthTokens = new OAuthTokenCache({ policy: endpointPolicy });
  const bus = createLocalBus({
    db,
    deliveries: deliveryQueue,
    oauthTokens,
    identity,
    secretBox: SecretBox.fromEnvOrFile(dataDir),
    logger,
    validation: { mode, ...(validate ? { validate } : {}) },
  });
  let catalog: InstallReport | undefined;
  if (opts.catalog !== false) {
    const model = await loadCatalogModel();
    if (model) catalog = installCatalogRules(bus, model);
    else
      logger.warn(
        'generated/catalog-model.ts is missing: no catalogue rules loaded (run `portico generate`)',
      );
  }
  const functions = new FunctionRegistry();
  const standIns = opts.standIns
    ? await startStandIns({
        ...bus.directory,
        apiDestinationNamed: (name) => bus.apiDestinations.get(name),
        connectionNamed: (name) => bus.connections.get(name),
      })
    : undefined;
  const { senderThread, ...workerOptions } = opts.delivery ?? {};
  const apiDestinations = createApiDestinationInvoker({
    directory: standIns ? standIns.directory(bus.directory) : bus.directory,
    endpointPolicy,
    ...(opts.strictEndpoints ? { strictEndpoints: true } : {}),
    ...(senderThread ? { senderThread: true } : {}),
    tokens: oauthTokens,
    logger,
  });
  const worker = new DeliveryWorker({
    queue: deliveryQueue,
    invokers: [lambdaInvoker(functions), queueInvoker(queues), busInvoker(bus), apiDestinations],
    queues,
    logger,
    commits: bus.commits,
    ...workerOptions,
  });
  if (opts.deliver !== false) {
    bus.commits.onCommit(() => worker.kick());
    worker.start();
  }
  bus.replayRunner.resumeAll();
  bus.scheduler.start();
  const port = opts.port ?? 4010;
  const host = opts.host ?? '127.0.0.1';
  /** Stops everything but the HTTP server, in order: nothing new is scheduled, what is committed is flushed. */
  const stopParts = async (): Promise<void> => {
    await bus.scheduler.stop();
    bus.commits.flush();
    await bus.replayRunner.stop();
    if (opts.deliver !== false) await worker.stop();
    await apiDestinations.close(); // its pools, or its sender thread
    await bus.authorizer.stop();
    await standIns?.close();
    await checkpointer.stop();
    db.close();
    lock.release();
  };
  const server = await startBusServer(bus, { port, host }).catch(async (error: unknown) => {
    // Undo what started, so the caller can print one line and exit (or try another port).
    await stopParts();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(host, port);
    throw error;
  });
  mountConsole(server, bus);
  server.mount(
    '/_portico/',
    loopbackOnly(
      inspectEndpoint(bus, {
        queues,
        deliveriesOf: (eventSeq) =>
          deliveryQueue
            .list({ eventSeq, limit: 1000 })
            .reverse()
            .map((d) => ({
              ruleArn: d.ruleArn,
              targetId: d.targetId,
              targetArn: d.targetArn,
              status: d.status,
              attempts: d.attempts,
              ...(d.lastErrorCode ? { lastErrorCode: d.lastErrorCode } : {}),
              id: d.id,
            })),
      }),
    ),
  );
  server.mount(
    DELIVERIES_PREFIX,
    loopbackOnly(createDeliveriesHandler({ queue: deliveryQueue, queues, kick: () => worker.kick() })),
  );
  // EventBridge Schemas' REST API on the same port, so `portico registry --endpoint-url` works locally.
  server.mount(SCHEMAS_PREFIX, createSchemasHandler(db, identity));
  if (opts.docsDir) server.mount(DOCS_PREFIX, createStaticSiteHandler(opts.docsDir));
  const retention = setInterval(() => bus.archives.expire(), 3_600_000);
  retention.unref();
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    bus,
    server,
    queues,
    functions,
    deliveryQueue,
    catalog,
    standIns,
    senderThread: apiDestinations.senderThread,
    close: () =>
      (closing ??= (async () => {
        clearInterval(retention);
        await server.close();
        await stopParts();
      })()),
  };
}
