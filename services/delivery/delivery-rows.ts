// The delivery tables and the row <-> Delivery mapping.
import type Database from 'better-sqlite3';
import { createEventLog } from '../bus/store/event-log.ts';
import type { Delivery, DeliveryStatus } from './delivery-queue.ts';
import type { ExhaustedRetryCondition } from './retry-policy.ts';
import { deliveryKey, webhookIdFor } from './webhook-signature.ts';

/** A delivery as the `deliveries` view shows it. */
export interface Row {
  seq: number;
  event_seq: number | null;
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

/** `delivery_queue.status`: a small integer, so that the open rows' index condition is `status < 2`. */
export const STATUS_CODES: Readonly<Record<DeliveryStatus, number>> = Object.freeze({
  pending: 0,
  'in-flight': 1,
  succeeded: 2,
  failed: 3,
  'dead-lettered': 4,
});

const statusText = (column: string): string =>
  `CASE ${column} ${Object.entries(STATUS_CODES)
    .map(([name, code]) => `WHEN ${code} THEN '${name}'`)
    .join(' ')} END`;

/** The view's columns over `delivery_queue d` and its joins (VIEW_JOINS): what Row holds. */
export const VIEW_COLUMNS = `d.seq, d.event_seq, coalesce(d.event_id, e.id) AS event_id, r.rule_arn, r.target_id,
  l.target_arn, coalesce(d.body, e.event) AS body, d.event_time, r.max_retry_attempts, r.max_event_age_seconds,
  nullif(r.dead_letter_arn, '') AS dead_letter_arn, d.replay_name, ${statusText('d.status')} AS status,
  d.attempts, d.next_attempt_at, d.last_error_code, d.last_error_message, d.last_status, d.exhausted_condition,
  d.dead_letter_message_id, d.final_attempt, d.updated_at`;
export const VIEW_JOINS = `JOIN delivery_routes r ON r.route = d.route JOIN delivery_lanes l ON l.lane = d.lane
  LEFT JOIN bus_events e ON e.seq = d.event_seq`;

/**
 * The bus writes one `delivery_queue` row per matched target inside every PutEvents commit, so the row
 * is kept small: an INTEGER PRIMARY KEY (the rowid, appended), the event as a reference to its event
 * log row (`event_seq`; `event_id` and `body` only when there is none, or when the body is not the
 * whole event), and two small integers for what many deliveries share: the lane (one per target ARN,
 * the unit the worker claims by) and the route (rule, target id, retry policy, dead-letter queue).
 * Nothing derived is stored: the delivery id is `dlv_<seq>` and the webhook-id is hashed from (event,
 * rule, target, replay) when the row is read. One delivery per (event, rule, target, replay) is the
 * writers' guarantee: the event log is unique per (event id, bus, replay) and routes an event once.
 * The `deliveries` view joins it all back into the readable shape, for tools and ad-hoc SQL.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS delivery_lanes (lane INTEGER PRIMARY KEY, target_arn TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS delivery_routes (
  route INTEGER PRIMARY KEY, lane INTEGER NOT NULL, rule_arn TEXT NOT NULL, target_id TEXT NOT NULL,
  max_retry_attempts INTEGER NOT NULL, max_event_age_seconds INTEGER NOT NULL, dead_letter_arn TEXT NOT NULL,
  UNIQUE (lane, rule_arn, target_id, max_retry_attempts, max_event_age_seconds, dead_letter_arn));
CREATE TABLE IF NOT EXISTS delivery_queue (
  seq INTEGER PRIMARY KEY, event_seq INTEGER, event_id TEXT, route INTEGER NOT NULL, lane INTEGER NOT NULL,
  body TEXT, event_time INTEGER NOT NULL, replay_name TEXT, status INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, last_error_code TEXT,
  last_error_message TEXT, last_status INTEGER, exhausted_condition TEXT, dead_letter_message_id TEXT,
  final_attempt INTEGER, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS delivery_queue_lane ON delivery_queue (lane, next_attempt_at) WHERE status < 2;
CREATE INDEX IF NOT EXISTS delivery_queue_event ON delivery_queue (event_seq);
CREATE INDEX IF NOT EXISTS delivery_queue_event_id ON delivery_queue (event_id) WHERE event_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS delivery_attempts (
  delivery_seq INTEGER NOT NULL, attempt INTEGER NOT NULL, started_at INTEGER NOT NULL, latency_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL, status INTEGER, error_code TEXT, error_message TEXT, response_snippet TEXT,
  PRIMARY KEY (delivery_seq, attempt)) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS deliveries AS SELECT ${VIEW_COLUMNS} FROM delivery_queue d ${VIEW_JOINS};`;

const OLD_COLUMNS = `attempts, next_attempt_at, last_error_code, last_error_message, last_status,
  exhausted_condition, dead_letter_message_id, final_attempt, updated_at`;

/**
 * Creates the tables (and the event log they refer to), first moving a `deliveries` table of a previous
 * layout over: the one with ARNs and policies in every row, or the first one (text `id`, stored
 * `webhook_id`, attempts keyed by that id). Rows keep their rowid as `seq`, so attempts and `dlv_<seq>`
 * ids follow them; bodies stay as they were; a row is linked to its event's log row when that is
 * unambiguous (not a replay). The webhook-id hashed on read is the one partners saw before.
 */
export function createSchema(db: Database.Database): void {
  createEventLog(db);
  const old = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'`).get();
  if (!old) {
    db.exec(SCHEMA);
    return;
  }
  const attemptsById = db
    .prepare(`SELECT 1 FROM pragma_table_info('delivery_attempts') WHERE name = 'delivery_id'`)
    .get();
  db.transaction(() => {
    db.exec(`DROP INDEX IF EXISTS deliveries_lane; DROP INDEX IF EXISTS deliveries_event;
      ALTER TABLE deliveries RENAME TO deliveries_old;`);
    if (attemptsById) db.exec('ALTER TABLE delivery_attempts RENAME TO delivery_attempts_old');
    db.exec(SCHEMA);
    db.exec(`INSERT OR IGNORE INTO delivery_lanes (target_arn) SELECT DISTINCT target_arn FROM deliveries_old;
      INSERT OR IGNORE INTO delivery_routes (lane, rule_arn, target_id, max_retry_attempts, max_event_age_seconds,
        dead_letter_arn)
        SELECT DISTINCT l.lane, o.rule_arn, o.target_id, o.max_retry_attempts, o.max_event_age_seconds,
          coalesce(o.dead_letter_arn, '')
        FROM deliveries_old o JOIN delivery_lanes l ON l.target_arn = o.target_arn;
      INSERT INTO delivery_queue (seq, event_seq, event_id, route, lane, body, event_time, replay_name, status,
        ${OLD_COLUMNS})
        SELECT o.rowid, CASE WHEN o.replay_name IS NULL THEN (SELECT min(e.seq) FROM bus_events e
            WHERE e.id = o.event_id AND e.replay = '') END,
          o.event_id, r.route, r.lane, o.body, o.event_time, o.replay_name,
          CASE o.status ${Object.entries(STATUS_CODES)
            .map(([name, code]) => `WHEN '${name}' THEN ${code}`)
            .join(' ')} END, ${OLD_COLUMNS.replace(/(\w+)/g, 'o.$1')}
        FROM deliveries_old o JOIN delivery_lanes l ON l.target_arn = o.target_arn
        JOIN delivery_routes r ON r.lane = l.lane AND r.rule_arn = o.rule_arn AND r.target_id = o.target_id
          AND r.max_retry_attempts = o.max_retry_attempts AND r.max_event_age_seconds = o.max_event_age_seconds
          AND r.dead_letter_arn = coalesce(o.dead_letter_arn, '');`);
    if (attemptsById) {
      db.exec(`INSERT INTO delivery_attempts SELECT o.rowid, a.attempt, a.started_at, a.latency_ms, a.outcome,
          a.status, a.error_code, a.error_message, a.response_snippet
        FROM delivery_attempts_old a JOIN deliveries_old o ON o.id = a.delivery_id;
        DROP TABLE delivery_attempts_old;`);
    }
    db.exec('DROP TABLE deliveries_old');
  })();
}

/** `dlv_<seq>`: what operators, dead-letter attributes and the CLI call a delivery. */
export const deliveryIdOf = (seq: number): string => `dlv_${seq}`;

/** The row a delivery id names; -1 (no row) for anything that is not `dlv_<digits>`. */
export function seqOf(id: string): number {
  return /^dlv_\d{1,15}$/.test(id) ? Number(id.slice(4)) : -1;
}

export function toDelivery(r: Row): Delivery {
  // Written out rather than built generically: this runs for every claimed delivery.
  const d: Delivery = {
    id: deliveryIdOf(r.seq),
    webhookId: webhookIdFor(
      deliveryKey({
        eventId: r.event_id,
        ruleArn: r.rule_arn,
        targetId: r.target_id,
        replayName: r.replay_name ?? undefined,
      }),
    ),
    eventId: r.event_id,
    ruleArn: r.rule_arn,
    targetId: r.target_id,
    targetArn: r.target_arn,
    body: r.body,
    eventTime: r.event_time,
    retryPolicy: {
      maximumRetryAttempts: r.max_retry_attempts,
      maximumEventAgeInSeconds: r.max_event_age_seconds,
    },
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    updatedAt: r.updated_at,
  };
  if (r.event_seq !== null) d.eventSeq = r.event_seq;
  if (r.dead_letter_arn !== null) d.deadLetterArn = r.dead_letter_arn;
  if (r.replay_name !== null) d.replayName = r.replay_name;
  if (r.last_error_code !== null) d.lastErrorCode = r.last_error_code;
  if (r.last_error_message !== null) d.lastErrorMessage = r.last_error_message;
  if (r.last_status !== null) d.lastStatus = r.last_status;
  if (r.exhausted_condition !== null) d.exhaustedCondition = r.exhausted_condition;
  if (r.dead_letter_message_id !== null) d.deadLetterMessageId = r.dead_letter_message_id;
  if (r.final_attempt !== null) d.finalAttempt = r.final_attempt;
  return d;
}

/** Drops null fields so that optional properties are absent rather than null. */
export function compact<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
