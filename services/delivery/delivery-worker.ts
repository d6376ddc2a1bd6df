// The delivery worker: claims due deliveries with a lease (or takes them as the bus writes them, in flight
// with their lease already, when it has room: DeliveryTaker), sends each through its target's invoker in
// its destination's lane, and settles the outcome with EventBridge's retry policy: succeeded, retried
// after nextDelay(), or ended (dead-lettered with AWS's attributes, or kept as failed without a DLQ).
// Outcomes are written in groups (every few milliseconds, or with the next claim's transaction), so that
// one commit covers many deliveries. A crash before a write leaves the delivery in-flight; its
// lease runs out (or requeueInFlight at start) and it is sent again with the same webhook-id.
import type { Logger } from 'pino';
import type { LocalQueues } from '../bus/queues/local-queues.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Delivery, DeliveryQueue, DeliveryTaker, Failure } from './delivery-queue.ts';
import { silentLogger } from './delivery-logger.ts';
import { planClaims } from './claim-plan.ts';
import { DestinationLanes } from './rate-limiter.ts';
import {
  DEFAULT_RETRY_SCHEDULE,
  isTooOld,
  nextDelay,
  type ExhaustedRetryCondition,
  type RetrySchedule,
} from './retry-policy.ts';
import type { InvokeOutcome, TargetInvoker } from './target-invoker.ts';

const FLUSH_DELAY_MS = 5;

export interface DeliveryWorkerOptions {
  queue: DeliveryQueue;
  invokers: TargetInvoker[];
  /** Only `send` is used: dead letters go to the target's DeadLetterConfig queue. */
  queues: Pick<LocalQueues, 'send'>;
  clock?: Clock;
  logger?: Logger;
  /** Deliveries in flight at once, across all targets. */
  concurrency?: number;
  /** Requests in flight at once to one target, unless its invoker says otherwise. */
  laneConcurrency?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  /** How often to scan the queue for work written by another process (a CLI redrive, a crashed worker). */
  discoveryIntervalMs?: number;
  schedule?: RetrySchedule;
  random?: () => number;
  /** Requeue every in-flight delivery at start: right when this process is the database's only worker. */
  recoverOnStart?: boolean;
  /**
   * The bus's commit queue: outcomes join its next commit (CommitQueue.enlist) instead of a transaction
   * of their own every few milliseconds, so that the rows a commit writes and the outcomes that update
   * them share WAL pages. Without it, outcomes are written by the worker's own transactions.
   */
  commits?: { enlist(work: () => void, dropped: (error: unknown) => void): void };
}

export class DeliveryWorker implements DeliveryTaker {
  private readonly o: Required<Omit<DeliveryWorkerOptions, 'queue' | 'invokers' | 'queues' | 'commits'>>;
  private readonly lanes = new DestinationLanes();
  /** Deliveries each target's lane holds (waiting or in flight), and how many it may hold. */
  private readonly held = new Map<string, number>();
  private readonly capacity = new Map<string, number>();
  /** Targets with open deliveries, and when the first is due (never later than the truth). */
  private readonly due = new Map<string, number>();
  private lastDiscovery = -Infinity;
  private cursor = 0;
  /** Delivery tasks running, and who waits for the next one to end (runDue, stop). */
  private tasks = 0;
  private readonly taskEnded: (() => void)[] = [];
  private settlements: (() => void)[] = [];
  private flushScheduled = false;
  private inFlight = 0;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;

  constructor(private readonly deps: DeliveryWorkerOptions) {
    this.o = Object.freeze({
      clock: deps.clock ?? systemClock,
      logger: deps.logger ?? silentLogger,
      concurrency: deps.concurrency ?? 2048,
      laneConcurrency: deps.laneConcurrency ?? 64,
      leaseMs: deps.leaseMs ?? 60_000,
      pollIntervalMs: deps.pollIntervalMs ?? 1_000,
      discoveryIntervalMs: deps.discoveryIntervalMs ?? 5_000,
      schedule: deps.schedule ?? DEFAULT_RETRY_SCHEDULE,
      random: deps.random ?? Math.random,
      recoverOnStart: deps.recoverOnStart ?? true,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.o.recoverOnStart) {
      const n = this.deps.queue.requeueInFlight(this.o.clock.now());
      if (n > 0) this.o.logger.info({ requeued: n }, 'requeued deliveries left in flight by a previous run');
    }
    this.deps.queue.attachTaker(this);
    this.loopDone = this.loop();
  }

  /** Stops claiming, lets in-flight deliveries finish and writes their outcomes. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopDone;
    while (this.tasks > 0) await this.nextTaskEnd();
    this.flush();
  }

  /** Wake now: the bus calls this after a PutEvents commit, so delivery starts in milliseconds. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Room for a delivery being written now (DeliveryTaker): the same room a claim would find, counted
   * from the moment it is written, so that a lane never holds more than its capacity.
   */
  reserve(targetArn: string): number | undefined {
    if (!this.running || this.inFlight >= this.o.concurrency) return undefined;
    const held = this.held.get(targetArn) ?? 0;
    if (held >= this.capacityOf(targetArn)) return undefined;
    this.inFlight++;
    this.held.set(targetArn, held + 1);
    return this.o.clock.now() + this.o.leaseMs;
  }

  release(deliveries: readonly Delivery[]): void {
    for (const d of deliveries) this.unhold(d);
    this.wake?.();
  }

  /** Deliveries written in flight whose commit is durable; after stop() they wait for the next start. */
  take(deliveries: readonly Delivery[]): void {
    if (!this.running) return this.release(deliveries);
    for (const d of deliveries) {
      this.tasks++;
      void this.run(d);
    }
  }

  /**
   * Delivers everything due at the clock's now and waits for the outcomes; for tests with a ManualClock
   * (advance the clock to queue.nextDueAt() and call again: a day of retries runs in a second).
   */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = this.claimAndDispatch();
      total += claimed;
      if (claimed === 0 && this.tasks === 0) break;
      await this.nextTaskEnd();
      this.flush();
    }
    this.flush();
    return total;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      const claimed = this.claimAndDispatch();
      if (claimed > 0 && this.inFlight < this.o.concurrency) {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      const now = this.o.clock.now();
      const due = Math.min(...this.due.values());
      const delay = due > now ? Math.min(due - now, this.o.pollIntervalMs) : this.o.pollIntervalMs;
      if (this.kicked || !this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, delay);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
  }

  /**
   * Claims, lane by lane, what is due and fits: each target up to its lane's room, all targets up to the
   * worker's concurrency, in one transaction. Targets with work are known from this process's enqueues
   * (queue.takeTouched), from retries it schedules, and from a scan at start and every discovery
   * interval (deliveries written by another process: a CLI redrive, a crashed worker's leases).
   */
  private claimAndDispatch(): number {
    const now = this.o.clock.now();
    for (const [arn, at] of this.deps.queue.takeTouched()) this.noteDue(arn, at);
    if (now - this.lastDiscovery >= this.o.discoveryIntervalMs || now < this.lastDiscovery) {
      this.lastDiscovery = now;
      for (const { arn, at } of this.deps.queue.dueTargets()) this.due.set(arn, at);
    }
    const plan = planClaims({
      due: this.due,
      now,
      free: this.o.concurrency - this.inFlight,
      concurrency: this.o.concurrency,
      held: this.held,
      capacityOf: (arn) => this.capacityOf(arn),
      turn: this.cursor++,
    });
    if (plan.length === 0) return 0;
    const batch: Delivery[] = [];
    this.deps.queue.bookkeeping(() => {
      this.writeSettlements(); // outcomes waiting for their flush share this commit
      for (const [arn, room] of plan) {
        const claimed = this.deps.queue.claimTarget(arn, now, room, this.o.leaseMs);
        batch.push(...claimed);
        if (claimed.length < room) {
          const next = this.deps.queue.nextDueFor(arn);
          if (next === undefined) this.due.delete(arn);
          else this.due.set(arn, next);
        }
      }
    });
    for (const d of batch) {
      this.inFlight++;
      this.held.set(d.targetArn, (this.held.get(d.targetArn) ?? 0) + 1);
      this.tasks++;
      void this.run(d);
    }
    return batch.length;
  }

  /** One delivery from claim to settled outcome; one promise per delivery instead of a chain of three. */
  private async run(d: Delivery): Promise<void> {
    try {
      await this.deliver(d);
    } catch (error) {
      this.o.logger.error(
        { deliveryId: d.id, err: error },
        'delivery crashed; its lease will expire and it will be retried',
      );
    }
    this.unhold(d);
    this.tasks--;
    if (this.taskEnded.length > 0) for (const resolve of this.taskEnded.splice(0)) resolve();
    this.wake?.();
  }

  private unhold(d: Delivery): void {
    this.inFlight--;
    const n = (this.held.get(d.targetArn) ?? 1) - 1;
    if (n === 0) this.held.delete(d.targetArn);
    else this.held.set(d.targetArn, n);
  }

  /** Resolves when the next delivery task ends. */
  private nextTaskEnd(): Promise<void> {
    return new Promise((resolve) => this.taskEnded.push(resolve));
  }

  private limitsFor(targetArn: string, invoker: TargetInvoker | undefined) {
    const l = invoker?.limits?.(targetArn);
    return { ratePerSecond: l?.ratePerSecond, concurrency: l?.concurrency ?? this.o.laneConcurrency };
  }

  /** How many deliveries a lane may hold before the worker stops claiming for it: about 2 s of work. */
  private capacityOf(targetArn: string): number {
    let capacity = this.capacity.get(targetArn);
    if (capacity === undefined) {
      const { ratePerSecond, concurrency } = this.limitsFor(targetArn, this.invokerFor(targetArn));
      capacity = ratePerSecond
        ? Math.max(1, Math.min(2 * concurrency, Math.ceil(2 * ratePerSecond)))
        : 2 * concurrency;
      this.capacity.set(targetArn, capacity);
    }
    return capacity;
  }

  private noteDue(targetArn: string, at: number): void {
    const known = this.due.get(targetArn);
    if (known === undefined || at < known) this.due.set(targetArn, at);
  }

  private invokerFor(targetArn: string): TargetInvoker | undefined {
    return this.deps.invokers.find((i) => i.canInvoke(targetArn));
  }

  private async deliver(d: Delivery): Promise<void> {
    const { clock } = this.o;
    if (d.finalAttempt === undefined && isTooOld(d.retryPolicy, d.eventTime, clock.now())) {
      return this.settle(() =>
        this.end(d, d.attempts, {
          errorCode: d.lastErrorCode ?? 'EVENT_TOO_OLD',
          errorMessage:
            d.lastErrorMessage ??
            `Event older than MaximumEventAgeInSeconds (${d.retryPolicy.maximumEventAgeInSeconds}) before it could be sent`,
          condition: 'MaximumEventAgeInSeconds',
        }),
      );
    }
    const invoker = this.invokerFor(d.targetArn);
    const attempt = d.attempts + 1;
    let outcome: InvokeOutcome;
    let startedAt = clock.now();
    if (!invoker) {
      outcome = {
        kind: 'failed',
        errorCode: 'UNSUPPORTED_TARGET',
        errorMessage: `No invoker for target ${d.targetArn}`,
        latencyMs: 0,
      };
    } else {
      const limits = this.limitsFor(d.targetArn, invoker);
      const release =
        this.lanes.tryAcquire(d.targetArn, limits) ?? (await this.lanes.acquire(d.targetArn, limits));
      startedAt = clock.now();
      try {
        outcome = await invoker.invoke({
          id: d.id,
          eventId: d.eventId,
          targetArn: d.targetArn,
          body: d.body,
          attempt,
          webhookId: d.webhookId,
        });
      } catch (error) {
        outcome = {
          kind: 'retryable',
          errorCode: 'INTERNAL_ERROR',
          errorMessage: `Invoker threw: ${(error as Error).message}`,
          latencyMs: clock.now() - startedAt,
        };
      } finally {
        release();
      }
    }
    this.settle(() => this.record(d, attempt, startedAt, outcome));
  }

  private record(d: Delivery, attempt: number, startedAt: number, outcome: InvokeOutcome): void {
    const { queue } = this.deps;
    const now = this.o.clock.now();
    const attemptRecord = {
      deliveryId: d.id,
      attempt,
      startedAt,
      latencyMs: Math.round(outcome.latencyMs),
      outcome: outcome.kind,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      ...(outcome.responseSnippet !== undefined ? { responseSnippet: outcome.responseSnippet } : {}),
    };
    if (outcome.kind === 'succeeded') return queue.recordSuccess(attemptRecord, now);
    const error = { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage };
    queue.recordAttempt({ ...attemptRecord, ...error });
    this.o.logger.debug(
      {
        deliveryId: d.id,
        targetArn: d.targetArn,
        attempt,
        outcome: outcome.kind,
        status: outcome.status,
        ...error,
      },
      'delivery attempt failed',
    );
    const failure: Failure = { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage };
    if (outcome.kind === 'failed') return this.end(d, attempt, failure);
    if (d.finalAttempt !== undefined && attempt >= d.finalAttempt) {
      return this.end(d, attempt, { ...failure, condition: 'MaximumRetryAttempts' });
    }
    const decision = nextDelay({
      attempt,
      error: 'retryable',
      retryAfterMs: outcome.retryAfterMs,
      policy: d.retryPolicy,
      eventTime: d.eventTime,
      now,
      random: this.o.random(),
      schedule: this.o.schedule,
    });
    if (decision.kind === 'retry') {
      this.noteDue(d.targetArn, now + decision.delayMs);
      return queue.scheduleRetry(d.id, now + decision.delayMs, now);
    }
    this.end(d, attempt, {
      ...failure,
      condition: decision.kind === 'give-up' ? decision.condition : undefined,
    });
  }

  /** No more attempts: to the dead-letter queue with AWS's attributes, or kept as failed. */
  private end(
    d: Delivery,
    attempts: number,
    failure: Failure & { condition?: ExhaustedRetryCondition | undefined },
  ): void {
    const now = this.o.clock.now();
    const log = {
      deliveryId: d.id,
      eventId: d.eventId,
      targetArn: d.targetArn,
      attempts,
      errorCode: failure.errorCode,
      condition: failure.condition,
    };
    if (!d.deadLetterArn) {
      this.deps.queue.markFailed(d.id, failure, now);
      this.o.logger.warn(log, 'delivery failed; no dead-letter queue, kept as failed');
      return;
    }
    const attributes: Record<string, string> = {
      RULE_ARN: d.ruleArn,
      TARGET_ARN: d.targetArn,
      ERROR_CODE: failure.errorCode,
      ERROR_MESSAGE: failure.errorMessage,
      ...(failure.condition ? { EXHAUSTED_RETRY_CONDITION: failure.condition } : {}),
      RETRY_ATTEMPTS: String(Math.max(0, attempts - 1)),
      // Not AWS's: lets `portico dlq redrive` find the delivery this message came from.
      PORTICO_DELIVERY_ID: d.id,
      PORTICO_WEBHOOK_ID: d.webhookId,
    };
    const messageId = this.deps.queues.send(d.deadLetterArn, d.body, attributes);
    this.deps.queue.markDeadLettered(d.id, failure, messageId, now);
    this.o.logger.warn({ ...log, deadLetterArn: d.deadLetterArn }, 'delivery dead-lettered');
  }

  private settle(write: () => void): void {
    this.settlements.push(write);
    if (this.flushScheduled) return;
    // Group outcomes: one commit rewrites the same table pages for many deliveries instead of once
    // each. The partner already has the request; only our record waits.
    this.flushScheduled = true;
    const { commits } = this.deps;
    if (commits && this.running) {
      commits.enlist(
        () => {
          this.flushScheduled = false;
          this.writeSettlements();
        },
        (error) => {
          // Not written (the store failed): the deliveries stay in flight and are sent again later.
          this.o.logger.error({ err: error }, 'could not record delivery outcomes');
          this.flushScheduled = false;
        },
      );
    } else setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  /** Writes the settled outcomes now, in a transaction of their own (stop, runDue, the timer). */
  private flush(): void {
    this.flushScheduled = false;
    if (this.settlements.length === 0) return;
    this.deps.queue.bookkeeping(() => this.writeSettlements());
  }

  /** The settled outcomes, inside the caller's transaction. */
  private writeSettlements(): void {
    const writes = this.settlements;
    this.settlements = [];
    for (const write of writes) {
      try {
        write();
      } catch (error) {
        this.o.logger.error(
          { err: error },
          'could not record a delivery outcome; it stays in flight and will be retried',
        );
      }
    }
  }
}
