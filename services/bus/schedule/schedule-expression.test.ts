import { describe, expect, it } from 'vitest';
import { nextFireTime } from './next-fire-time.ts';
import { parseSchedule } from './schedule-expression.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');

describe('parseSchedule', () => {
  it.each([
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'cron(0 10 * * ? *)',
    'cron(15 12 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 3W * ? *)',
    'cron(0 0 ? * 6L *)',
    'cron(30 6 1,15 JAN,JUL ? 2030-2035)',
    'cron(* * * * ? *)',
  ])('accepts %s', (expression) => {
    expect(() => parseSchedule(expression)).not.toThrow();
  });

  it.each([
    ['rate(3 minute)', /plural/],
    ['rate(1 minutes)', /singular/],
    ['rate(0 minutes)', /positive/],
    ['rate(5 weeks)', /unit/],
    ['rate(5)', /neither/],
    ['cron(*/1 * * * *)', /6 fields/],
    ['cron(7 20 * * 1-7 *)', /exactly one of Day-of-month and Day-of-week/],
    ['cron(0 10 ? * ? *)', /exactly one of/],
    ['cron(*/60 * * * ? *)', /step 60/],
    ['cron(60 * * * ? *)', /Minutes: 60/],
    ['cron(0 24 * * ? *)', /Hours: 24/],
    ['cron(0 0 32 * ? *)', /Day-of-month: 32/],
    ['cron(0 0 ? 13 * *)', /Month: 13/],
    ['cron(0 0 ? * 8 *)', /Day-of-week: 8/],
    ['cron(15 12 ? * -1 *)', /Day-of-week/],
    ['cron(0 0 ? * 3#6 *)', /at most 5/],
    ['cron(0 0 1 * ? 1969)', /Year: 1969/],
    ['cron(0 0 ? * MON-FRI * *)', /6 fields/],
    ['cron(0 0 ? * 2-4-6 *)', /not a range/],
    ['daily', /neither/],
  ])('refuses %s', (expression, why) => {
    expect(() => parseSchedule(expression)).toThrow(why);
  });
});

describe('nextFireTime', () => {
  const cases: [
    string,
    { given: [expression: string, after: string, anchor?: string]; want: (string | undefined)[] },
  ][] = [
    [
      'a rate counts from its anchor',
      {
        given: ['rate(5 minutes)', '2025-01-01T10:07:00Z', '2025-01-01T10:01:30Z'],
        want: ['2025-01-01T10:11:30Z', '2025-01-01T10:16:30Z'],
      },
    ],
    [
      'every day at 10:00 UTC',
      {
        given: ['cron(0 10 * * ? *)', '2025-01-01T10:00:00Z'],
        want: ['2025-01-02T10:00:00Z', '2025-01-03T10:00:00Z'],
      },
    ],
    [
      'every 15 minutes, from the next whole minute',
      {
        given: ['cron(0/15 * * * ? *)', '2025-01-01T10:14:59Z'],
        want: ['2025-01-01T10:15:00Z', '2025-01-01T10:30:00Z'],
      },
    ],
    [
      '18:00 on weekdays (1 January 2025 is a Wednesday)',
      {
        given: ['cron(0 18 ? * MON-FRI *)', '2025-01-03T18:00:00Z'],
        want: ['2025-01-06T18:00:00Z', '2025-01-07T18:00:00Z'],
      },
    ],
    [
      'the first Monday of the month',
      {
        given: ['cron(0 9 ? * 2#1 *)', '2025-01-01T00:00:00Z'],
        want: ['2025-01-06T09:00:00Z', '2025-02-03T09:00:00Z'],
      },
    ],
    [
      'the last day of the month',
      {
        given: ['cron(0 0 L * ? *)', '2025-02-01T00:00:00Z'],
        want: ['2025-02-28T00:00:00Z', '2025-03-31T00:00:00Z'],
      },
    ],
    [
      'the weekday nearest the 1st stays in the month (1 March 2025 is a Saturday)',
      {
        given: ['cron(0 0 1W * ? *)', '2025-02-15T00:00:00Z'],
        want: ['2025-03-03T00:00:00Z', '2025-04-01T00:00:00Z'],
      },
    ],
    [
      'the last Friday',
      {
        given: ['cron(0 0 ? * 6L *)', '2025-01-01T00:00:00Z'],
        want: ['2025-01-31T00:00:00Z', '2025-02-28T00:00:00Z'],
      },
    ],
    [
      '29 February, leap years only',
      {
        given: ['cron(0 0 29 2 ? *)', '2025-01-01T00:00:00Z'],
        want: ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z'],
      },
    ],
    [
      'never again once its years are past',
      { given: ['cron(0 0 1 1 ? 2020)', '2025-01-01T00:00:00Z'], want: [undefined] },
    ],
  ];
  it.each(cases)('%s', (_name, { given: [expression, after, anchor], want }) => {
    const schedule = parseSchedule(expression);
    const got: (string | undefined)[] = [];
    let t: number | undefined = at(after);
    for (let i = 0; i < want.length; i++) {
      t = nextFireTime(schedule, t!, at(anchor ?? after));
      got.push(iso(t));
    }
    expect(got).toEqual(want);
  });
});
