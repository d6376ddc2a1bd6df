import { BusPolicyStore } from './resources/bus-policy-store.ts';
import { TagStore } from './resources/tag-store.ts';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import pino from 'pino';
import { systemClock, type Clock } from '../delivery/clock.ts';
import type { Delivery, NewDelivery } from '../delivery/delivery-queue.ts';
import { DEFAULT_IDENTITY, type BusIdentity } from './arns.ts';
import { ApiDestinationStore } from './resources/api-destination-store.ts';
import { ArchiveStore } from './resources/archive-store.ts';
import { CatalogInstallStore } from './resources/catalog-install-store.ts';
import { ConnectionStore } from './resources/connection-store.ts';
import { ConnectionAuthorizer } from './resources/connection-authorizer.ts';
import { OAuthTokenCache } from '../delivery/oauth-token-cache.ts';
import { effectivePolicy, type EndpointPolicy } from '../delivery/outbound-guard.ts';
import { destinationDirectory, type DestinationDirectory } from './resources/destination-directory.ts';
import { EventBusStore } from './resources/event-bus-store.ts';
import { ReplayStore } from './resources/replay-store.ts';
import { ReplayRunner } from './replay/replay-runner.ts';
import { RuleScheduler } from './schedule/rule-scheduler.ts';
import { RuleStore } from './resources/rule-store.ts';
import { SecretBox } from './resources/secret-box.ts';
import { CommitQueue } from './store/commit-queue.ts';
import { StoreGuard } from './store/store-guard.ts';
import { EventLog } from './store/event-log.ts';

/** What the bus needs from the delivery queue: write deliveries inside its own transaction. */
export interface DeliverySink {
  /** With `claim`, may return deliveries written in flight for a running worker (DeliveryQueue.enqueue). */
  enqueue(rows: NewDelivery[], claim?: boolean): Delivery[] | void;
  /** The claimed deliveries of a durable commit, and of a failed one. */
  handOver?(claimed: readonly Delivery[]): void;
  giveBack?(claimed: readonly Delivery[]): void;
  /** Called after each commit of the bus's commit queue (DeliveryQueue: its new routes are in the file). */
  committed?(): void;
}

export type ValidationMode = 'off' | 'warn' | 'reject';
export type ValidateDetail = (
  source: string,
  detailType: string,
  detail: unknown,
) => { ok: true } | { ok: false; errors: { pointer: string; message: string }[] } | undefined;

export interface LocalBusOptions {
  db: Database.Database;
  deliveries: DeliverySink;
  identity?: BusIdentity;
  secretBox?: SecretBox;
  logger?: Logger;
  validation?: { mode: ValidationMode; validate?: ValidateDetail };
  /** What the rule scheduler takes as now (tests pass a ManualClock and call scheduler.runDue()). */
  clock?: Clock;
  /**
   * Where OAuth connections get their tokens when they are created or updated: pass the delivery worker's
   * cache so deliveries use the token the authorization obtained. Default: a cache of its own that reaches
   * only what `endpointPolicy` allows (default production's, outbound-guard.ts).
   */
  oauthTokens?: OAuthTokenCache;
  endpointPolicy?: EndpointPolicy;
}

/** Everything the operations share: the stores, the commit queue and the bus's identity. */
export interface LocalBus {
  readonly db: Database.Database;
  readonly identity: BusIdentity;
  readonly buses: EventBusStore;
  readonly rules: RuleStore;
  readonly connections: ConnectionStore;
  /** Takes OAuth connections from AUTHORIZING to AUTHORIZED or DEAUTHORIZED (connection-authorizer.ts). */
  readonly authorizer: ConnectionAuthorizer;
  readonly apiDestinations: ApiDestinationStore;
  /** What the catalogue last installed on API destinations and connections (catalog/install-catalog-rules.ts). */
  readonly catalogInstalls: CatalogInstallStore;
  readonly archives: ArchiveStore;
  readonly replays: ReplayStore;
  readonly tags: TagStore;
  readonly policies: BusPolicyStore;
  readonly events: EventLog;
  readonly commits: CommitQueue;
  /** Whether the database file is still the one the bus opened (store-guard.ts). */
  readonly store: StoreGuard;
  readonly deliveries: DeliverySink;
  readonly directory: DestinationDirectory;
  readonly logger: Logger;
  readonly validation: { mode: ValidationMode; validate?: ValidateDetail };
  readonly replayRunner: ReplayRunner;
  /** Fires rules with a ScheduleExpression once started (the runtime starts and stops it). */
  readonly scheduler: RuleScheduler;
}

export function createLocalBus(opts: LocalBusOptions): LocalBus {
  const box = opts.secretBox ?? SecretBox.fromEnvOrFile(undefined);
  const connections = new ConnectionStore(opts.db, box);
  const apiDestinations = new ApiDestinationStore(opts.db, box);
  const logger = opts.logger ?? pino({ level: 'silent' });
  const store = new StoreGuard(opts.db, (reason) =>
    logger.fatal(
      { file: opts.db.name },
      `EVENT STORE UNAVAILABLE: ${reason} PutEvents now fails every entry.`,
    ),
  );
  const commits = new CommitQueue(opts.db, store);
  const sink = opts.deliveries;
  if (sink.committed) commits.onCommit(() => sink.committed!());
  const bus: Omit<LocalBus, 'replayRunner' | 'scheduler'> & {
    replayRunner?: ReplayRunner;
    scheduler?: RuleScheduler;
  } = {
    db: opts.db,
    identity: opts.identity ?? DEFAULT_IDENTITY,
    buses: new EventBusStore(opts.db),
    rules: new RuleStore(opts.db),
    connections,
    authorizer: new ConnectionAuthorizer(
      connections,
      opts.oauthTokens ?? new OAuthTokenCache({ policy: effectivePolicy(opts.endpointPolicy) }),
      logger,
    ),
    apiDestinations,
    catalogInstalls: new CatalogInstallStore(opts.db, box),
    archives: new ArchiveStore(opts.db),
    replays: new ReplayStore(opts.db),
    tags: new TagStore(opts.db),
    policies: new BusPolicyStore(opts.db),
    events: new EventLog(opts.db),
    commits,
    store,
    deliveries: opts.deliveries,
    directory: destinationDirectory(apiDestinations, connections),
    logger,
    validation: opts.validation ?? { mode: 'off' },
  };
  bus.replayRunner = new ReplayRunner(bus as LocalBus);
  bus.scheduler = new RuleScheduler(bus as LocalBus, opts.clock ?? systemClock);
  return bus as LocalBus;
}
