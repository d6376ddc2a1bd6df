import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  checkRetryPolicy,
  classifyStatus,
  DEFAULT_RETRY_POLICY,
  DEFAULT_RETRY_SCHEDULE,
  nextDelay,
  parseRetryAfter,
  type NextDelayInput,
  type RetryDecision,
} from './retry-policy.ts';

const t0 = Date.UTC(2025, 0, 1);
const base: NextDelayInput = {
  attempt: 1,
  error: 'retryable',
  policy: DEFAULT_RETRY_POLICY,
  eventTime: t0,
  now: t0,
  random: 0.5,
};

describe('nextDelay', () => {
  const cases: [string, { given: Partial<NextDelayInput>; want: RetryDecision }][] = [
    ['first retry comes within seconds', { given: {}, want: { kind: 'retry', delayMs: 750 } }],
    [
      'first retry with random 0 is half the initial delay',
      { given: { random: 0 }, want: { kind: 'retry', delayMs: 500 } },
    ],
    [
      'fourth retry is still under 10 s',
      { given: { attempt: 4, random: 0.999 }, want: { kind: 'retry', delayMs: 7996 } },
    ],
    [
      'then full jitter up to base * 2^k',
      { given: { attempt: 5, random: 0.5 }, want: { kind: 'retry', delayMs: 15_000 } },
    ],
    [
      'full jitter never goes under the floor',
      { given: { attempt: 5, random: 0 }, want: { kind: 'retry', delayMs: 5_000 } },
    ],
    [
      'late retries are capped at 10 minutes',
      { given: { attempt: 60, random: 0.999 }, want: { kind: 'retry', delayMs: 599_400 } },
    ],
    ['non-retryable error is not retried', { given: { error: 'failed' }, want: { kind: 'do-not-retry' } }],
    [
      'Retry-After in place of the back-off',
      { given: { attempt: 40, retryAfterMs: 3_000 }, want: { kind: 'retry', delayMs: 3_000 } },
    ],
    [
      'Retry-After is capped at an hour',
      { given: { retryAfterMs: 10 * 3600_000 }, want: { kind: 'retry', delayMs: 3600_000 } },
    ],
    [
      'MaximumRetryAttempts 0: the first failure is final',
      {
        given: { policy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } },
        want: { kind: 'give-up', condition: 'MaximumRetryAttempts' },
      },
    ],
    [
      '185 retries made: give up',
      { given: { attempt: 186 }, want: { kind: 'give-up', condition: 'MaximumRetryAttempts' } },
    ],
    [
      '184 retries made: one more',
      { given: { attempt: 185, random: 0 }, want: { kind: 'retry', delayMs: 5_000 } },
    ],
    [
      'the next retry would land past the maximum age',
      {
        given: { now: t0 + 86_399_500, random: 0.5 },
        want: { kind: 'give-up', condition: 'MaximumEventAgeInSeconds' },
      },
    ],
    [
      'a Retry-After past the maximum age gives up on age',
      {
        given: { policy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 }, retryAfterMs: 61_000 },
        want: { kind: 'give-up', condition: 'MaximumEventAgeInSeconds' },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(nextDelay({ ...base, ...given })).toEqual(want);
  });

  it('the default schedule spends about a day on 185 retries, as EventBridge does', () => {
    let total = 0;
    for (let retry = 1; retry <= 185; retry++) total += backoffMs(retry, 0.5, DEFAULT_RETRY_SCHEDULE);
    expect(total / 3600_000).toBeGreaterThan(8);
    expect(total / 3600_000).toBeLessThan(30);
  });
});

describe('classifyStatus', () => {
  const cases: [number, string][] = [
    [200, 'succeeded'],
    [204, 'succeeded'],
    [301, 'failed'],
    [400, 'failed'],
    [401, 'retryable'],
    [403, 'failed'],
    [404, 'failed'],
    [407, 'retryable'],
    [409, 'retryable'],
    [413, 'failed'],
    [429, 'retryable'],
    [500, 'retryable'],
    [503, 'retryable'],
  ];
  it.each(cases)('%i is %s', (status, want) => expect(classifyStatus(status)).toBe(want));
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  const cases: [string, { given: string | undefined; want: number | undefined }][] = [
    ['delay-seconds', { given: '120', want: 120_000 }],
    ['HTTP-date', { given: 'Wed, 21 Oct 2015 07:28:30 GMT', want: 30_000 }],
    ['HTTP-date in the past', { given: 'Wed, 21 Oct 2015 07:27:00 GMT', want: 0 }],
    ['garbage', { given: 'soon', want: undefined }],
    ['negative', { given: '-5', want: undefined }],
    ['absent', { given: undefined, want: undefined }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => expect(parseRetryAfter(given, now)).toBe(want));
});

describe('checkRetryPolicy', () => {
  it.each([
    [
      { maximumRetryAttempts: 186, maximumEventAgeInSeconds: 60 },
      /MaximumRetryAttempts must be an integer 0..185, got 186/,
    ],
    [
      { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 59 },
      /MaximumEventAgeInSeconds must be an integer 60..86400, got 59/,
    ],
  ])('refuses %o', (policy, message) => expect(() => checkRetryPolicy(policy)).toThrow(message));
  it('accepts the defaults', () => expect(checkRetryPolicy(DEFAULT_RETRY_POLICY)).toBe(DEFAULT_RETRY_POLICY));
});
