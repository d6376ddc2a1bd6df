// The delivery tables (one row per delivery, one per attempt) and the row <-> Delivery mapping.
import type Database from 'better-sqlite3';
import type { Delivery, DeliveryStatus } from './delivery-queue.ts';
import type { ExhaustedRetryCondition } from './retry-policy.ts';
import { deliveryKey, webhookIdFor } from './webhook-signature.ts';

export interface Row {
  seq: number;
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

/**
 * Keyed by an INTEGER PRIMARY KEY (the rowid: appended, no separate key index) because the bus writes one
 * row per matched target inside every PutEvents commit. Nothing derived is stored: the delivery id is
 * `dlv_<seq>` and the webhook-id is hashed from (event, rule, target, replay) when the row is read.
 * One delivery per (event, rule, target, replay) is the writers' guarantee: the bus's event log is unique
 * per (bus, event id) and routes an event once, and replays commit their cursor with their deliveries.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, rule_arn TEXT NOT NULL,
  target_id TEXT NOT NULL, target_arn TEXT NOT NULL, body TEXT NOT NULL, event_time INTEGER NOT NULL,
  max_retry_attempts INTEGER NOT NULL, max_event_age_seconds INTEGER NOT NULL,
  dead_letter_arn TEXT, replay_name TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending','in-flight','succeeded','failed','dead-lettered')),
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
  last_error_code TEXT, last_error_message TEXT, last_status INTEGER, exhausted_condition TEXT,
  dead_letter_message_id TEXT, final_attempt INTEGER, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_lane ON deliveries (target_arn, next_attempt_at) WHERE status IN ('pending','in-flight');
CREATE INDEX IF NOT EXISTS deliveries_event ON deliveries (event_id);
CREATE TABLE IF NOT EXISTS delivery_attempts (
  delivery_seq INTEGER NOT NULL, attempt INTEGER NOT NULL, started_at INTEGER NOT NULL, latency_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL, status INTEGER, error_code TEXT, error_message TEXT, response_snippet TEXT,
  PRIMARY KEY (delivery_seq, attempt)) WITHOUT ROWID;`;

const COLUMNS = `event_id, rule_arn, target_id, target_arn, body, event_time, max_retry_attempts,
  max_event_age_seconds, dead_letter_arn, replay_name, status, attempts, next_attempt_at, last_error_code,
  last_error_message, last_status, exhausted_condition, dead_letter_message_id, final_attempt, updated_at`;

/**
 * Creates the tables, first moving a database written by the previous layout (text `id` key and a stored
 * `webhook_id`) over: rows keep their rowid as `seq`, so attempts follow them, and the webhook-id hashed
 * on read is the one that was stored, so partners still dedupe. Old `dlv_...` ids no longer resolve.
 */
export function createSchema(db: Database.Database): void {
  const legacy = db.prepare(`SELECT 1 FROM pragma_table_info('deliveries') WHERE name = 'webhook_id'`).get();
  if (!legacy) {
    db.exec(SCHEMA);
    return;
  }
  db.transaction(() => {
    db.exec(`DROP INDEX IF EXISTS deliveries_lane; DROP INDEX IF EXISTS deliveries_event;
      ALTER TABLE deliveries RENAME TO deliveries_v1; ALTER TABLE delivery_attempts RENAME TO delivery_attempts_v1;`);
    db.exec(SCHEMA);
    db.exec(`INSERT INTO deliveries (seq, ${COLUMNS}) SELECT rowid, ${COLUMNS} FROM deliveries_v1;
      INSERT INTO delivery_attempts SELECT o.rowid, a.attempt, a.started_at, a.latency_ms, a.outcome, a.status,
        a.error_code, a.error_message, a.response_snippet
        FROM delivery_attempts_v1 a JOIN deliveries_v1 o ON o.id = a.delivery_id;
      DROP TABLE delivery_attempts_v1; DROP TABLE deliveries_v1;`);
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
