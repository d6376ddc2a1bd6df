// The delivery tables (one row per delivery, one per attempt) and the row <-> Delivery mapping.
import type { Delivery, DeliveryStatus } from './delivery-queue.ts';
import type { ExhaustedRetryCondition } from './retry-policy.ts';

export interface Row {
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

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, event_id TEXT NOT NULL, rule_arn TEXT NOT NULL,
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
  delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, started_at INTEGER NOT NULL, latency_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL, status INTEGER, error_code TEXT, error_message TEXT, response_snippet TEXT,
  PRIMARY KEY (delivery_id, attempt)) WITHOUT ROWID;`;

export function toDelivery(r: Row): Delivery {
  // Written out rather than built generically: this runs for every claimed delivery.
  const d: Delivery = {
    id: r.id,
    webhookId: r.webhook_id,
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
