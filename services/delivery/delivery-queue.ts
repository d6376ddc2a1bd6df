// The durable delivery queue (bus-delivery seam doc): one row per (event, rule, target), written by the
// bus inside its PutEvents transaction, claimed by the worker with a lease, and kept after it ends so an
// operator can ask what happened. States are a type, not flags; every attempt is logged.
import type Database from 'better-sqlite3';
import { DEFAULT_RETRY_POLICY, type ExhaustedRetryCondition, type RetryPolicy } from './retry-policy.ts';
import { deliveryKey, webhookIdFor } from './webhook-signature.ts';

export type { RetryPolicy } from './retry-policy.ts';

export interface NewDelivery {
  eventId: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  /** The target's input after InputPath/InputTransformer, as JSON text (or plain text). */
  body: string;
  /** ms since epoch, when the event was accepted: the age limit counts from here. */
  eventTime: number;
  retryPolicy: RetryPolicy;
  deadLetterArn?: string;
  replayName?: string;
}

export type DeliveryStatus = 'pending' | 'in-flight' | 'succeeded' | 'failed' | 'dead-lettered';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'in-flight', 'succeeded', 'failed', 'dead-lettered'];

export interface Delivery extends NewDelivery {
  id: string;
  webhookId: string;
  status: DeliveryStatus;
  /** Attempts finished so far. */
  attempts: number;
  /** When it is next due (pending) or when its lease runs out (in-flight). */
  nextAttemptAt: number;
  lastErrorCode?: string;
  lastErrorMessage?: string;
  lastStatus?: number;
  exhaustedCondition?: ExhaustedRetryCondition;
  deadLetterMessageId?: string;
  /** Set by a redrive: the attempt after which the delivery ends whatever happens. */
  finalAttempt?: number;
  updatedAt: number;
}

export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  startedAt: number;
  latencyMs: number;
  outcome: 'succeeded' | 'retryable' | 'failed';
  status?: number;
  errorCode?: string;
  errorMessage?: string;
  /** The first 512 bytes of the response body. */
  responseSnippet?: string;
}

export interface DeliveryFilter {
  eventId?: string;
  /** Substring of the rule or target ARN: `portico-<partner>-<env>` rules and `<partner>` destinations. */
  partner?: string;
  /** `detail.request_id` (or a top-level `request_id`) of the delivered body. */
  requestId?: string;
  status?: DeliveryStatus;
  targetArn?: string;
  limit?: number;
}

export interface Failure {
  errorCode: string;
  errorMessage: string;
  condition?: ExhaustedRetryCondition | undefined;
}

interface Row {
  id: string;
  webhook_id: string;
  event_id: string;
  rule_arn: string;
  target_id: string;
  target_arn: string;
  body: string;
  event_time: number;
  max_retry_attempts: number;
  max_event_age_seconds: number;
  dead_letter_arn: string | null;
  replay_name: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_error_code: string | null;
  last_error_message: string | null;
  last_status: number | null;
  exhausted_condition: ExhaustedRetryCondition | null;
  dead_letter_message_id: string | null;
  final_attempt: number | null;
  updated_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, event_id TEXT NOT NULL, rule_arn TEXT NOT NULL,
  target_id TEXT NOT NULL, target_arn TEXT NOT NULL, body TEXT NOT NULL, event_time INTEGER NOT NULL,
  max_retry_attempts INTEGER NOT NULL, max_event_age_seconds INTEGER NOT NULL,
  dead_letter_arn TEXT, replay_name TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending','in-flight','succeeded','failed','dead-lettered')),
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
  last_error_code TEXT, last_error_message TEXT, last_status INTEGER, exhausted_condition TEXT,
  dead_letter_message_id TEXT, final_attempt INTEGER, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_event ON deliveries (event_id);
CREATE TABLE IF NOT EXISTS delivery_attempts (
  delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, started_at INTEGER NOT NULL, latency_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL, status INTEGER, error_code TEXT, error_message TEXT, response_snippet TEXT,
  PRIMARY KEY (delivery_id, attempt));`;

export class DeliveryQueue {
  private readonly s: Record<string, Database.Statement>;

  constructor(readonly db: Database.Database) {
    db.exec(SCHEMA);
    const open = `status IN ('pending','in-flight')`;
    this.s = {
      insert: db.prepare(`INSERT OR IGNORE INTO deliveries (id, webhook_id, event_id, rule_arn, target_id, target_arn, body,
        event_time, max_retry_attempts, max_event_age_seconds, dead_letter_arn, replay_name, status, next_attempt_at, updated_at)
        VALUES (@id, @webhookId, @eventId, @ruleArn, @targetId, @targetArn, @body, @eventTime, @maxRetry, @maxAge,
        @deadLetterArn, @replayName, 'pending', @eventTime, @eventTime)`),
      // An in-flight row's next_attempt_at is its lease expiry, so one index range finds both the due
      // and the abandoned (a worker that crashed mid-delivery). Among the oldest @window due rows, each
      // target gets at most its room (@room: {targetArn: n}, @defaultRoom for others), so one backlogged
      // partner cannot take every slot of a claim.
      claim: db.prepare(`UPDATE deliveries SET status = 'in-flight', next_attempt_at = @leaseUntil, updated_at = @now
        WHERE id IN (SELECT id FROM (
          SELECT c.id, c.next_attempt_at, coalesce(r.value, @defaultRoom) AS room,
            row_number() OVER (PARTITION BY c.target_arn ORDER BY c.next_attempt_at) AS rank
          FROM (SELECT id, target_arn, next_attempt_at FROM deliveries WHERE ${open} AND next_attempt_at <= @now
            AND target_arn NOT IN (SELECT key FROM json_each(@room) WHERE value <= 0)
            ORDER BY next_attempt_at LIMIT @window) c
          LEFT JOIN json_each(@room) r ON r.key = c.target_arn)
        WHERE rank <= room ORDER BY next_attempt_at LIMIT @limit)
        RETURNING *`),
      nextDue: db.prepare(`SELECT min(next_attempt_at) AS at FROM deliveries WHERE ${open}`),
      attempt: db.prepare(`INSERT OR REPLACE INTO delivery_attempts VALUES (@deliveryId, @attempt, @startedAt, @latencyMs,
        @outcome, @status, @errorCode, @errorMessage, @responseSnippet)`),
      bumpAttempts: db.prepare(`UPDATE deliveries SET attempts = max(attempts, @attempt), last_status = @status,
        last_error_code = @errorCode, last_error_message = @errorMessage WHERE id = @deliveryId`),
      succeed: db.prepare(`UPDATE deliveries SET status = 'succeeded', last_error_code = NULL, last_error_message = NULL,
        updated_at = @now WHERE id = @id`),
      retry: db.prepare(`UPDATE deliveries SET status = 'pending', next_attempt_at = @at, updated_at = @now WHERE id = @id`),
      fail: db.prepare(`UPDATE deliveries SET status = @status, exhausted_condition = @condition, last_error_code = @errorCode,
        last_error_message = @errorMessage, dead_letter_message_id = @messageId, updated_at = @now WHERE id = @id`),
      requeue: db.prepare(`UPDATE deliveries SET status = 'pending', next_attempt_at = @now WHERE status = 'in-flight'`),
      redrive: db.prepare(`UPDATE deliveries SET status = 'pending', next_attempt_at = @now, final_attempt = attempts + 1,
        exhausted_condition = NULL, dead_letter_message_id = NULL, updated_at = @now
        WHERE id = @id AND status IN ('failed','dead-lettered')`),
      get: db.prepare('SELECT * FROM deliveries WHERE id = ?'),
      byMessage: db.prepare('SELECT * FROM deliveries WHERE dead_letter_message_id = ?'),
      attempts: db.prepare('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt'),
      counts: db.prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status'),
    };
  }

  /** Synchronous and without a transaction of its own: the bus calls it inside PutEvents' transaction. */
  enqueue(rows: NewDelivery[]): void {
    for (const r of rows) {
      const key = deliveryKey(r);
      const policy = r.retryPolicy ?? DEFAULT_RETRY_POLICY;
      this.s.insert!.run({
        id: `dlv_${key}`,
        webhookId: webhookIdFor(key),
        eventId: r.eventId,
        ruleArn: r.ruleArn,
        targetId: r.targetId,
        targetArn: r.targetArn,
        body: r.body,
        eventTime: r.eventTime,
        maxRetry: policy.maximumRetryAttempts,
        maxAge: policy.maximumEventAgeInSeconds,
        deadLetterArn: r.deadLetterArn ?? null,
        replayName: r.replayName ?? null,
      });
    }
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Leases up to `limit` due deliveries, oldest first, at most `room[targetArn]` (else `defaultRoom`)
   * for each target, so that a full lane is skipped and a backlogged one takes only its share.
   */
  claimDue(now: number, limit: number, leaseMs: number, room: Record<string, number> = {}, defaultRoom = limit): Delivery[] {
    const rows = this.s.claim!.all({
      now,
      leaseUntil: now + leaseMs,
      limit,
      window: Math.max(limit * 8, 1024),
      room: JSON.stringify(room),
      defaultRoom,
    }) as Row[];
    return rows.map(toDelivery).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.eventTime - b.eventTime);
  }

  /** When the next pending delivery is due or the next lease runs out; undefined when nothing is open. */
  nextDueAt(): number | undefined {
    return (this.s.nextDue!.get() as { at: number | null }).at ?? undefined;
  }

  recordAttempt(a: DeliveryAttempt): void {
    const params = {
      status: null,
      errorCode: null,
      errorMessage: null,
      responseSnippet: null,
      ...a,
    };
    this.s.attempt!.run(params);
    this.s.bumpAttempts!.run(params);
  }

  markSucceeded(id: string, now: number): void {
    this.s.succeed!.run({ id, now });
  }

  scheduleRetry(id: string, at: number, now: number): void {
    this.s.retry!.run({ id, at, now });
  }

  /** Ends a delivery that has no dead-letter queue: kept as `failed`, never dropped. */
  markFailed(id: string, failure: Failure, now: number): void {
    this.s.fail!.run({ id, now, status: 'failed', messageId: null, ...failure, condition: failure.condition ?? null });
  }

  markDeadLettered(id: string, failure: Failure, messageId: string, now: number): void {
    this.s.fail!.run({ id, now, status: 'dead-lettered', messageId, ...failure, condition: failure.condition ?? null });
  }

  /** After a crash: every in-flight delivery is due again (at least once; same webhook-id). */
  requeueInFlight(now: number): number {
    return this.s.requeue!.run({ now }).changes;
  }

  /** Sends a failed or dead-lettered delivery once more, with one attempt. False if it is not in such a state. */
  redrive(id: string, now: number): boolean {
    return this.s.redrive!.run({ id, now }).changes > 0;
  }

  get(id: string): Delivery | undefined {
    const row = this.s.get!.get(id) as Row | undefined;
    return row ? toDelivery(row) : undefined;
  }

  byDeadLetterMessage(messageId: string): Delivery | undefined {
    const row = this.s.byMessage!.get(messageId) as Row | undefined;
    return row ? toDelivery(row) : undefined;
  }

  attempts(id: string): DeliveryAttempt[] {
    return (this.s.attempts!.all(id) as Record<string, unknown>[]).map((r) =>
      compact({
        deliveryId: r.delivery_id as string,
        attempt: r.attempt as number,
        startedAt: r.started_at as number,
        latencyMs: r.latency_ms as number,
        outcome: r.outcome as DeliveryAttempt['outcome'],
        status: r.status as number | null,
        errorCode: r.error_code as string | null,
        errorMessage: r.error_message as string | null,
        responseSnippet: r.response_snippet as string | null,
      }),
    );
  }

  list(filter: DeliveryFilter = {}): Delivery[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 100 };
    if (filter.eventId) (where.push('event_id = @eventId'), (params.eventId = filter.eventId));
    if (filter.status) (where.push('status = @status'), (params.status = filter.status));
    if (filter.targetArn) (where.push('target_arn = @targetArn'), (params.targetArn = filter.targetArn));
    if (filter.partner) {
      where.push(`(instr(rule_arn, @partner) > 0 OR instr(target_arn, @partner) > 0)`);
      params.partner = filter.partner;
    }
    if (filter.requestId) {
      where.push(`(CASE WHEN json_valid(body) THEN coalesce(json_extract(body, '$.detail.request_id'),
        json_extract(body, '$.request_id')) END) = @requestId`);
      params.requestId = filter.requestId;
    }
    const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY event_time DESC, id LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as Row[]).map(toDelivery);
  }

  /** The queues some delivery names as its DeadLetterConfig. */
  deadLetterQueueArns(): string[] {
    return (this.db.prepare('SELECT DISTINCT dead_letter_arn AS arn FROM deliveries WHERE dead_letter_arn IS NOT NULL ORDER BY 1').all() as { arn: string }[]).map((r) => r.arn);
  }

  counts(): Record<DeliveryStatus, number> {
    const out = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
    for (const { status, n } of this.s.counts!.all() as { status: DeliveryStatus; n: number }[]) out[status] = n;
    return out;
  }
}

function toDelivery(r: Row): Delivery {
  return compact({
    id: r.id,
    webhookId: r.webhook_id,
    eventId: r.event_id,
    ruleArn: r.rule_arn,
    targetId: r.target_id,
    targetArn: r.target_arn,
    body: r.body,
    eventTime: r.event_time,
    retryPolicy: { maximumRetryAttempts: r.max_retry_attempts, maximumEventAgeInSeconds: r.max_event_age_seconds },
    deadLetterArn: r.dead_letter_arn,
    replayName: r.replay_name,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastErrorCode: r.last_error_code,
    lastErrorMessage: r.last_error_message,
    lastStatus: r.last_status,
    exhaustedCondition: r.exhausted_condition,
    deadLetterMessageId: r.dead_letter_message_id,
    finalAttempt: r.final_attempt,
    updatedAt: r.updated_at,
  }) as Delivery;
}

/** Drops null fields so that optional properties are absent rather than null. */
function compact<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}
