// EventBridge's retry policy for a target, as data plus one pure function.
//
// AWS: "By default, EventBridge retries sending the event for 24 hours and up to 185 times with an
// exponential back off and jitter" (EventBridge User Guide, eb-rule-retry-policy); API destinations
// retry 401, 407, 409, 429 and 5xx, and not other 4xx (User Guide, API destinations, "retries").
// The schedule below is Portico's (AWS does not publish its own): the first retries come within
// seconds so that a transient blip costs seconds, then full-jitter exponential back-off up to a cap
// (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/).

export interface RetryPolicy {
  /** 0..185: retries after the first attempt. */
  maximumRetryAttempts: number;
  /** 60..86400: the age, counted from the event's acceptance, after which no attempt is made. */
  maximumEventAgeInSeconds: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maximumRetryAttempts: 185,
  maximumEventAgeInSeconds: 86_400,
});

export type ExhaustedRetryCondition = 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';

export interface RetrySchedule {
  /** Delays before retries 1..n, each jittered to between half and all of it. */
  readonly initialDelaysMs: readonly number[];
  /** After the initial delays: retry k waits random * min(capMs, baseMs * 2^k) ("full jitter")... */
  readonly baseMs: number;
  readonly capMs: number;
  /** ...but never less than this, so a partner that is down is not hammered. */
  readonly floorMs: number;
  /** A partner's Retry-After is honoured up to this; beyond it the age limit decides. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = Object.freeze({
  initialDelaysMs: Object.freeze([1_000, 2_000, 4_000, 8_000]),
  baseMs: 15_000,
  capMs: 10 * 60_000,
  floorMs: 5_000,
  maxRetryAfterMs: 60 * 60_000,
});

export type RetryDecision =
  | { kind: 'retry'; delayMs: number }
  | { kind: 'give-up'; condition: ExhaustedRetryCondition }
  | { kind: 'do-not-retry' };

export interface NextDelayInput {
  /** Attempts made so far, including the one that just failed (>= 1). */
  attempt: number;
  /** How the attempt failed: `retryable` (network, timeout, 429, 5xx, 401, 407, 409) or `failed` (other 4xx...). */
  error: 'retryable' | 'failed';
  /** The partner's Retry-After, already parsed to milliseconds (see parseRetryAfter). */
  retryAfterMs?: number | undefined;
  policy: RetryPolicy;
  /** When the event was accepted and what time it is now, in ms since the epoch. */
  eventTime: number;
  now: number;
  /** A number in [0, 1): Math.random in production, fixed in tests. */
  random: number;
  schedule?: RetrySchedule;
}

/** The back-off before the next retry, before the policy's limits are applied. */
export function backoffMs(
  retry: number,
  random: number,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
): number {
  const initial = schedule.initialDelaysMs[retry - 1];
  if (initial !== undefined) return Math.round(initial * (0.5 + random / 2));
  const k = retry - schedule.initialDelaysMs.length;
  const ceiling = Math.min(schedule.capMs, schedule.baseMs * 2 ** Math.min(k, 30));
  return Math.round(Math.max(schedule.floorMs, random * ceiling));
}

export function nextDelay(input: NextDelayInput): RetryDecision {
  const { attempt, policy, schedule = DEFAULT_RETRY_SCHEDULE } = input;
  if (input.error === 'failed') return { kind: 'do-not-retry' };
  if (attempt - 1 >= policy.maximumRetryAttempts)
    return { kind: 'give-up', condition: 'MaximumRetryAttempts' };
  const delayMs =
    input.retryAfterMs !== undefined
      ? Math.min(Math.max(0, input.retryAfterMs), schedule.maxRetryAfterMs)
      : backoffMs(attempt, input.random, schedule);
  if (input.now + delayMs - input.eventTime > policy.maximumEventAgeInSeconds * 1000) {
    return { kind: 'give-up', condition: 'MaximumEventAgeInSeconds' };
  }
  return { kind: 'retry', delayMs };
}

/** Has the event outlived its policy before an attempt could be made (e.g. the bus was down)? */
export function isTooOld(policy: RetryPolicy, eventTime: number, now: number): boolean {
  return now - eventTime > policy.maximumEventAgeInSeconds * 1000;
}

/** API destinations: 401, 407, 409, 429 and 5xx are retried; other statuses >= 300 are not. */
export function classifyStatus(status: number): 'succeeded' | 'retryable' | 'failed' {
  if (status >= 200 && status < 300) return 'succeeded';
  if (status >= 500 || status === 429 || status === 401 || status === 407 || status === 409)
    return 'retryable';
  return 'failed';
}

/** RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. Returns ms, or undefined if unusable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Za-z]{3}/.test(text)) return undefined; // every HTTP-date form starts with a day name
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Validates a policy against AWS's ranges; the message says which field and what range. */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { maximumRetryAttempts: n, maximumEventAgeInSeconds: age } = policy;
  if (!Number.isInteger(n) || n < 0 || n > 185) {
    throw new RangeError(`RetryPolicy.MaximumRetryAttempts must be an integer 0..185, got ${n}`);
  }
  if (!Number.isInteger(age) || age < 60 || age > 86_400) {
    throw new RangeError(`RetryPolicy.MaximumEventAgeInSeconds must be an integer 60..86400, got ${age}`);
  }
  return policy;
}
