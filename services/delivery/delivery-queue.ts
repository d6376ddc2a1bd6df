// The durable delivery queue (bus-delivery seam doc): one row per (event, rule, target), written by the
// bus inside its PutEvents transaction, claimed by the worker with a lease, and kept after it ends so an
// operator can ask what happened. States are a type, not flags; every attempt is logged.
import type Database from 'better-sqlite3';
import { type ExhaustedRetryCondition, type RetryPolicy } from './retry-policy.ts';
import {
  compact,
  createSchema,
  deliveryIdOf,
  seqOf,
  STATUS_CODES,
  toDelivery,
  VIEW_COLUMNS,
  VIEW_JOINS,
  type Row,
} from './delivery-rows.ts';
import { DeliveryRoutes } from './delivery-routes.ts';

export type { RetryPolicy } from './retry-policy.ts';

export interface NewDelivery {
  eventId: string;
  /** The event's row in the bus's event log (`bus_events.seq`), when the bus logged it. */
  eventSeq?: number;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  /**
   * The target's input after InputPath/InputTransformer, as JSON text (or plain text). Omitted when it
   * is the whole event of `eventSeq`: the delivery then reads it from the event log.
   */
  body?: string;
  /** ms since epoch, when the event was accepted: the age limit counts from here. */
  eventTime: number;
  retryPolicy: RetryPolicy;
  deadLetterArn?: string;
  replayName?: string;
  /**
   * The event as logged, when `body` is omitted: not stored with the delivery (the row refers to the
   * event log), but what a delivery claimed as it is written (`enqueue(rows, true)`) sends.
   */
  eventJson?: string;
}

/**
 * The running worker, taking deliveries straight from the commit that wrote them: a delivery it has room
 * for is written in flight with its lease (instead of pending, then claimed by a SELECT and an UPDATE),
 * and handed to it once the commit is durable. One it has no room for is written pending, as before.
 */
export interface DeliveryTaker {
  /** Room for one more delivery to this target: when its lease runs out, or undefined to leave it pending. */
  reserve(targetArn: string): number | undefined;
  /** Gives back the room of deliveries whose commit failed: they are not in the file (or not durably). */
  release(deliveries: readonly Delivery[]): void;
  /** Deliveries whose commit is durable: send them. */
  take(deliveries: readonly Delivery[]): void;
}

export type DeliveryStatus = 'pending' | 'in-flight' | 'succeeded' | 'failed' | 'dead-lettered';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'pending',
  'in-flight',
  'succeeded',
  'failed',
  'dead-lettered',
];

export interface Delivery extends NewDelivery {
  body: string;
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
  /** The deliveries of one event log row (a replayed event has its own row and the original's id). */
  eventSeq?: number;
  /** Substring of the rule or target ARN: `portico-<partner>-<env>` rules and `<partner>` destinations. */
  partner?: string;
  /** `detail.request_id` (or a top-level `request_id`) of the delivered body. */
  requestId?: string;
  status?: DeliveryStatus;
  targetArn?: string;
  /** Exactly this rule (`portico-<partner>-<env>`'s ARN): a partner's own deliveries in one environment. */
  ruleArn?: string;
  /** Deliveries listed after this one (the order is newest first): a cursor over `list`. */
  before?: { eventTime: number; seq: number };
  limit?: number;
}

export interface Failure {
  errorCode: string;
  errorMessage: string;
  condition?: ExhaustedRetryCondition | undefined;
}

const OPEN = 'status < 2'; // pending or in-flight (STATUS_CODES)

/** A delivery written in flight by `enqueue(rows, true)`: the row a claim would have read back. */
function claimedDelivery(r: NewDelivery, seq: number, leaseUntil: number): Delivery {
  return toDelivery({
    seq,
    event_seq: r.eventSeq ?? null,
    event_id: r.eventId,
    rule_arn: r.ruleArn,
    target_id: r.targetId,
    target_arn: r.targetArn,
    body: r.body ?? r.eventJson!,
    event_time: r.eventTime,
    max_retry_attempts: r.retryPolicy.maximumRetryAttempts,
    max_event_age_seconds: r.retryPolicy.maximumEventAgeInSeconds,
    dead_letter_arn: r.deadLetterArn ?? null,
    replay_name: r.replayName ?? null,
    status: 'in-flight',
    attempts: 0,
    next_attempt_at: leaseUntil,
    last_error_code: null,
    last_error_message: null,
    last_status: null,
    exhausted_condition: null,
    dead_letter_message_id: null,
    final_attempt: null,
    updated_at: r.eventTime,
  });
}

export class DeliveryQueue {
  private readonly s: Record<string, Database.Statement>;
  private readonly routes: DeliveryRoutes;
  private touched = new Map<string, number>();
  private taker: DeliveryTaker | undefined;

  constructor(readonly db: Database.Database) {
    createSchema(db);
    this.routes = new DeliveryRoutes(db);
    const lane = 'delivery_queue INDEXED BY delivery_queue_lane';
    this.s = {
      insert: db.prepare(`INSERT INTO delivery_queue (event_seq, event_id, route, lane, body, event_time,
        replay_name, status, next_attempt_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      // An in-flight row's next_attempt_at is its lease expiry, so one index range finds both the due
      // and the abandoned (a worker that crashed mid-delivery). Claims go lane by lane (one target at a
      // time, up to the room its lane has), so a backlogged partner costs the others nothing.
      due: db.prepare(`SELECT ${VIEW_COLUMNS} FROM delivery_queue d INDEXED BY delivery_queue_lane ${VIEW_JOINS}
        WHERE d.lane = @lane AND d.${OPEN} AND d.next_attempt_at <= @now ORDER BY d.next_attempt_at LIMIT @limit`),
      lease: db.prepare(`UPDATE delivery_queue SET status = ${STATUS_CODES['in-flight']}, next_attempt_at = ?,
        updated_at = ? WHERE seq = ?`),
      nextDueFor: db.prepare(`SELECT min(next_attempt_at) AS at FROM ${lane} WHERE lane = ? AND ${OPEN}`),
      dueTargets: db.prepare(`SELECT l.target_arn AS arn, q.at FROM (SELECT lane, min(next_attempt_at) AS at
        FROM ${lane} WHERE ${OPEN} GROUP BY lane) q JOIN delivery_lanes l ON l.lane = q.lane ORDER BY l.target_arn`),
      nextDue: db.prepare(`SELECT min(next_attempt_at) AS at FROM ${lane} WHERE ${OPEN}`),
      attempt:
        db.prepare(`INSERT OR REPLACE INTO delivery_attempts VALUES (@seq, @attempt, @startedAt, @latencyMs,
        @outcome, @status, @errorCode, @errorMessage, @responseSnippet)`),
      bumpAttempts:
        db.prepare(`UPDATE delivery_queue SET attempts = max(attempts, @attempt), last_status = @status,
        last_error_code = @errorCode, last_error_message = @errorMessage WHERE seq = @seq`),
      succeedAttempt: db.prepare(`UPDATE delivery_queue SET status = ${STATUS_CODES.succeeded},
        attempts = max(attempts, @attempt), last_status = @status, last_error_code = NULL,
        last_error_message = NULL, updated_at = @now WHERE seq = @seq`),
      succeed:
        db.prepare(`UPDATE delivery_queue SET status = ${STATUS_CODES.succeeded}, last_error_code = NULL,
        last_error_message = NULL, updated_at = @now WHERE seq = @seq`),
      retry: db.prepare(`UPDATE delivery_queue SET status = ${STATUS_CODES.pending}, next_attempt_at = @at,
        updated_at = @now WHERE seq = @seq`),
      fail: db.prepare(`UPDATE delivery_queue SET status = @status, exhausted_condition = @condition,
        last_error_code = @errorCode, last_error_message = @errorMessage, dead_letter_message_id = @messageId,
        updated_at = @now WHERE seq = @seq`),
      requeue: db.prepare(`UPDATE delivery_queue SET status = ${STATUS_CODES.pending}, next_attempt_at = @now
        WHERE status = ${STATUS_CODES['in-flight']}`),
      // A resend (a partner's "send it again", Svix's resend) of a delivery that has ended in any way,
      // succeeded included: one more attempt of the same delivery, with the same webhook-id.
      resend: db.prepare(`UPDATE delivery_queue SET status = ${STATUS_CODES.pending}, next_attempt_at = @now,
        final_attempt = attempts + 1, exhausted_condition = NULL, updated_at = @now
        WHERE seq = @seq AND status >= ${STATUS_CODES.succeeded}
        RETURNING (SELECT target_arn FROM delivery_lanes l WHERE l.lane = delivery_queue.lane) AS arn`),
      redrive: db.prepare(`UPDATE delivery_queue SET status = ${STATUS_CODES.pending}, next_attempt_at = @now,
        final_attempt = attempts + 1, exhausted_condition = NULL, dead_letter_message_id = NULL, updated_at = @now
        WHERE seq = @seq AND status IN (${STATUS_CODES.failed}, ${STATUS_CODES['dead-lettered']})
        RETURNING (SELECT target_arn FROM delivery_lanes l WHERE l.lane = delivery_queue.lane) AS arn`),
      get: db.prepare('SELECT * FROM deliveries WHERE seq = ?'),
      getSync: db.prepare('PRAGMA synchronous').pluck(),
      openCount: db.prepare(`SELECT count(*) AS n FROM ${lane} WHERE ${OPEN}`),
      byMessage: db.prepare('SELECT * FROM deliveries WHERE dead_letter_message_id = ?'),
      attempts: db.prepare('SELECT * FROM delivery_attempts WHERE delivery_seq = ? ORDER BY attempt'),
      counts: db.prepare('SELECT status, count(*) AS n FROM delivery_queue GROUP BY status'),
      deadLetterArns: db.prepare(`SELECT DISTINCT dead_letter_arn AS arn FROM delivery_routes
        WHERE dead_letter_arn != '' ORDER BY 1`),
    };
  }

  private readonly syncStatements = new Map<number, Database.Statement>();

  /** PRAGMA synchronous through a prepared statement: db.pragma() prepares one every call. */
  private setSync(level: number): void {
    let st = this.syncStatements.get(level);
    if (!st) this.syncStatements.set(level, (st = this.db.prepare(`PRAGMA synchronous = ${Number(level)}`)));
    st.run();
  }

  /**
   * Synchronous and without a transaction of its own: the bus calls it inside PutEvents' transaction.
   * With `claim`, the deliveries the attached taker has room for are written in flight and returned: the
   * caller hands them over once its commit is durable (`handOver`), or gives them back if it fails
   * (`giveBack`). Without a taker, or without `claim`, every row is pending and nothing is returned.
   */
  enqueue(rows: NewDelivery[], claim = false): Delivery[] {
    const insert = this.s.insert!;
    const taker = claim ? this.taker : undefined;
    const claimed: Delivery[] = [];
    try {
      for (const r of rows) {
        if (r.body === undefined && r.eventSeq === undefined) {
          throw new Error(
            `Delivery of event ${r.eventId} to ${r.targetArn} has neither a body nor an event row`,
          );
        }
        const leaseUntil =
          taker && (r.body ?? r.eventJson) !== undefined ? taker.reserve(r.targetArn) : undefined;
        const { route, lane } = this.routes.of(r);
        const seq = insert.run(
          r.eventSeq ?? null,
          r.eventSeq === undefined ? r.eventId : null,
          route,
          lane,
          r.body ?? null,
          r.eventTime,
          r.replayName ?? null,
          leaseUntil === undefined ? STATUS_CODES.pending : STATUS_CODES['in-flight'],
          leaseUntil ?? r.eventTime, // next_attempt_at: due at once, or when the lease runs out
          r.eventTime, // updated_at
        ).lastInsertRowid;
        if (leaseUntil !== undefined) {
          claimed.push(claimedDelivery(r, Number(seq), leaseUntil));
          continue;
        }
        const known = this.touched.get(r.targetArn);
        if (known === undefined || r.eventTime < known) this.touched.set(r.targetArn, r.eventTime);
      }
    } catch (error) {
      if (claimed.length > 0) taker!.release(claimed);
      throw error;
    }
    return claimed;
  }

  /** Who takes deliveries as they are written: the worker, from its start (it reserves nothing once stopped). */
  attachTaker(taker: DeliveryTaker): void {
    this.taker = taker;
  }

  /** Deliveries claimed by `enqueue(rows, true)` whose commit is durable. */
  handOver(claimed: readonly Delivery[]): void {
    if (claimed.length > 0) this.taker?.take(claimed);
  }

  /** Deliveries claimed by `enqueue(rows, true)` whose commit failed. */
  giveBack(claimed: readonly Delivery[]): void {
    if (claimed.length > 0) this.taker?.release(claimed);
  }

  /**
   * Tells the queue that the transactions that enqueued so far have committed (the bus's commit queue
   * calls it after each commit), so the lanes and routes they created are trusted from now on.
   */
  committed(): void {
    this.routes.confirm();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * A transaction of the worker's own bookkeeping (claims, outcomes, dead letters), committed without
   * waiting for fsync (synchronous = NORMAL for this commit only; the bus's PutEvents commits stay FULL).
   * Losing one to a power cut is safe under at-least-once: the delivery is still pending or in flight
   * with a lease in the file, so it is sent again with the same webhook-id, and the partner dedupes. The
   * next FULL commit (any PutEvents) makes it durable anyway, since it fsyncs the whole WAL.
   */
  bookkeeping<T>(fn: () => T): T {
    if (this.db.inTransaction || this.db.memory) return this.transaction(fn);
    const previous = this.s.getSync!.get() as number;
    this.setSync(1); // NORMAL
    try {
      return this.db.transaction(fn)();
    } finally {
      this.setSync(previous);
    }
  }

  /** Leases up to `limit` due deliveries of one target, oldest first. */
  claimTarget(targetArn: string, now: number, limit: number, leaseMs: number): Delivery[] {
    const lane = this.routes.laneOf(targetArn);
    if (lane === undefined) return [];
    const leaseUntil = now + leaseMs;
    const rows = this.s.due!.all({ lane, now, limit }) as Row[];
    const lease = this.s.lease!;
    return rows.map((r) => {
      lease.run(leaseUntil, now, r.seq);
      return toDelivery({ ...r, status: 'in-flight', next_attempt_at: leaseUntil, updated_at: now });
    });
  }

  /** When the target's next delivery is due (or its next lease runs out); undefined when it has none open. */
  nextDueFor(targetArn: string): number | undefined {
    const lane = this.routes.laneOf(targetArn);
    if (lane === undefined) return undefined;
    return (this.s.nextDueFor!.get(lane) as { at: number | null }).at ?? undefined;
  }
  /** Every target with open deliveries and when its first is due: a scan, for the worker's start and polls. */
  dueTargets(): { arn: string; at: number }[] {
    return this.s.dueTargets!.all() as { arn: string; at: number }[];
  }

  /**
   * Targets enqueued to since the last call, with the earliest eventTime: the worker in this process
   * learns of new work without scanning. (A rolled-back enqueue leaves a harmless false alarm.)
   */
  takeTouched(): Map<string, number> {
    const touched = this.touched;
    this.touched = new Map();
    return touched;
  }

  /**
   * When the next pending delivery is due or the next lease runs out; undefined when nothing is open.
   * Scans the open deliveries: for tests and tools (the worker keeps its own per-target view).
   */
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
      seq: seqOf(a.deliveryId),
    };
    this.s.attempt!.run(params);
    this.s.bumpAttempts!.run(params);
  }

  /** The hot path in one statement fewer: log a successful attempt and end the delivery. */
  recordSuccess(a: DeliveryAttempt, now: number): void {
    const seq = seqOf(a.deliveryId);
    this.s.attempt!.run({
      status: null,
      errorCode: null,
      errorMessage: null,
      responseSnippet: null,
      ...a,
      seq,
    });
    this.s.succeedAttempt!.run({
      seq,
      attempt: a.attempt,
      status: a.status ?? null,
      now,
    });
  }

  /** Open deliveries (pending or in flight): a scan of the open ones only. */
  openCount(): number {
    return (this.s.openCount!.get() as { n: number }).n;
  }

  markSucceeded(id: string, now: number): void {
    this.s.succeed!.run({ seq: seqOf(id), now });
  }

  scheduleRetry(id: string, at: number, now: number): void {
    this.s.retry!.run({ seq: seqOf(id), at, now });
  }

  /** Ends a delivery that has no dead-letter queue: kept as `failed`, never dropped. */
  markFailed(id: string, failure: Failure, now: number): void {
    this.s.fail!.run({
      seq: seqOf(id),
      now,
      status: STATUS_CODES.failed,
      messageId: null,
      ...failure,
      condition: failure.condition ?? null,
    });
  }

  markDeadLettered(id: string, failure: Failure, messageId: string, now: number): void {
    this.s.fail!.run({
      seq: seqOf(id),
      now,
      status: STATUS_CODES['dead-lettered'],
      messageId,
      ...failure,
      condition: failure.condition ?? null,
    });
  }

  /** After a crash: every in-flight delivery is due again (at least once; same webhook-id). */
  requeueInFlight(now: number): number {
    return this.s.requeue!.run({ now }).changes;
  }

  /** Sends a failed or dead-lettered delivery once more, with one attempt. False if it is not in such a state. */
  redrive(id: string, now: number): boolean {
    const row = this.s.redrive!.get({ seq: seqOf(id), now }) as { arn: string } | undefined;
    if (row) this.touched.set(row.arn, Math.min(now, this.touched.get(row.arn) ?? now));
    return row !== undefined;
  }

  /** Sends an ended delivery (succeeded, failed or dead-lettered) once more. False if it is still open. */
  resend(id: string, now: number): boolean {
    const row = this.s.resend!.get({ seq: seqOf(id), now }) as { arn: string } | undefined;
    if (row) this.touched.set(row.arn, Math.min(now, this.touched.get(row.arn) ?? now));
    return row !== undefined;
  }

  get(id: string): Delivery | undefined {
    const row = this.s.get!.get(seqOf(id)) as Row | undefined;
    return row ? toDelivery(row) : undefined;
  }

  byDeadLetterMessage(messageId: string): Delivery | undefined {
    const row = this.s.byMessage!.get(messageId) as Row | undefined;
    return row ? toDelivery(row) : undefined;
  }

  attempts(id: string): DeliveryAttempt[] {
    return (this.s.attempts!.all(seqOf(id)) as Record<string, unknown>[]).map((r) =>
      compact({
        deliveryId: deliveryIdOf(r.delivery_seq as number),
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
    const equal: [keyof DeliveryFilter, string][] = [
      ['eventSeq', 'event_seq'],
      ['status', 'status'],
      ['targetArn', 'target_arn'],
    ];
    for (const [key, column] of equal) {
      if (filter[key] === undefined) continue;
      where.push(`${column} = @${key}`);
      params[key] = filter[key];
    }
    if (filter.eventId !== undefined) {
      // Through the event log's id index, or the id kept by deliveries without an event row.
      where.push(`seq IN (SELECT q.seq FROM bus_events e JOIN delivery_queue q ON q.event_seq = e.seq
        WHERE e.id = @eventId UNION SELECT seq FROM delivery_queue WHERE event_id = @eventId)`);
      params.eventId = filter.eventId;
    }
    if (filter.ruleArn !== undefined) {
      where.push('rule_arn = @ruleArn');
      params.ruleArn = filter.ruleArn;
    }
    if (filter.before) {
      where.push('(event_time < @beforeTime OR (event_time = @beforeTime AND seq < @beforeSeq))');
      params.beforeTime = filter.before.eventTime;
      params.beforeSeq = filter.before.seq;
    }
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
      ORDER BY event_time DESC, seq DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as Row[]).map(toDelivery);
  }

  /** The queues some delivery names as its DeadLetterConfig. */
  deadLetterQueueArns(): string[] {
    return this.s.deadLetterArns!.all().map((r) => (r as { arn: string }).arn);
  }

  counts(): Record<DeliveryStatus, number> {
    const out = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
    for (const { status, n } of this.s.counts!.all() as { status: number; n: number }[]) {
      out[DELIVERY_STATUSES.find((name) => STATUS_CODES[name] === status)!] = n;
    }
    return out;
  }
}
