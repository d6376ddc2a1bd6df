// ScheduleExpression of a rule, as EventBridge reads it:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html (cron, six
// fields, UTC) and https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html.
// Written by hand: cron libraries read Unix cron (five fields, Sunday = 0, no year, no `?`), and the one
// that reads AWS's syntax (aws-cron-parser) accepts what AWS refuses and works out weekdays in local time.

/** Which days of the month a cron expression names: a set, or AWS's `L`, `nW` and `LW`. */
export type DayOfMonth =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last' }
  | { kind: 'weekday'; day: number | 'last' };

/** Which days of the week (1 = Sunday ... 7 = Saturday): a set, the last one (`nL`), or the nth (`n#k`). */
export type DayOfWeek =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last'; day: number }
  | { kind: 'nth'; day: number; nth: number };

export interface CronSchedule {
  kind: 'cron';
  minutes: readonly number[];
  hours: readonly number[];
  dayOfMonth: DayOfMonth;
  months: readonly number[];
  dayOfWeek: DayOfWeek;
  years: readonly number[];
}

export interface RateSchedule {
  kind: 'rate';
  everyMs: number;
}

export type Schedule = RateSchedule | CronSchedule;

/** Why an expression is refused (for logs and tests; the API answers AWS's one message). */
export class ScheduleExpressionError extends Error {}

/** The ValidationException message AWS's PutRule answers for any expression it refuses. */
export const INVALID_SCHEDULE_MESSAGE = 'Parameter ScheduleExpression is not valid.';

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS = {
  minutes: { name: 'Minutes', min: 0, max: 59 },
  hours: { name: 'Hours', min: 0, max: 23 },
  dayOfMonth: { name: 'Day-of-month', min: 1, max: 31 },
  month: { name: 'Month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { name: 'Day-of-week', min: 1, max: 7, names: WEEKDAYS },
  year: { name: 'Year', min: 1970, max: 2199 },
} satisfies Record<string, Field>;

/** Parses `rate(value unit)` or `cron(fields)`; throws ScheduleExpressionError saying why not. */
export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\((\d+) ([a-z]+)\)$/.exec(expression);
  if (rate) return parseRate(Number(rate[1]), rate[2]!);
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return parseCron(cron[1]!.trim().split(/\s+/));
  throw new ScheduleExpressionError(`${expression} is neither rate(value unit) nor cron(fields)`);
}

function parseRate(value: number, unit: string): RateSchedule {
  const singular = unit.replace(/s$/, '');
  const ms = UNIT_MS[singular];
  if (ms === undefined) throw new ScheduleExpressionError(`unknown rate unit ${unit}`);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new ScheduleExpressionError('the rate must be positive');
  // "If the value is equal to 1, then the unit must be singular ... greater than 1 ... plural."
  if ((value === 1) !== (unit === singular)) {
    throw new ScheduleExpressionError(
      `rate(${value} ${unit}): the unit must be ${value === 1 ? 'singular' : 'plural'}`,
    );
  }
  return { kind: 'rate', everyMs: value * ms };
}

function parseCron(fields: string[]): CronSchedule {
  if (fields.length !== 6) throw new ScheduleExpressionError(`cron needs 6 fields, not ${fields.length}`);
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  // "You can't specify the Day-of-month and Day-of-week fields in the same cron expression. If you
  // specify a value or a * in one of the fields, you must use a ? in the other."
  if ((dom === '?') === (dow === '?')) {
    throw new ScheduleExpressionError('exactly one of Day-of-month and Day-of-week must be ?');
  }
  return {
    kind: 'cron',
    minutes: values(minutes, FIELDS.minutes),
    hours: values(hours, FIELDS.hours),
    dayOfMonth: dayOfMonth(dom),
    months: values(month, FIELDS.month),
    dayOfWeek: dayOfWeek(dow),
    years: values(year, FIELDS.year),
  };
}

function dayOfMonth(text: string): DayOfMonth {
  if (text === '?') return { kind: 'any' };
  if (text === 'L') return { kind: 'last' };
  if (text === 'LW') return { kind: 'weekday', day: 'last' };
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) return { kind: 'weekday', day: number(weekday[1]!, FIELDS.dayOfMonth) };
  return { kind: 'days', days: new Set(values(text, FIELDS.dayOfMonth)) };
}

function dayOfWeek(text: string): DayOfWeek {
  if (text === '?') return { kind: 'any' };
  if (text === 'L') return { kind: 'days', days: new Set([7]) }; // the last day of the week: Saturday
  const last = /^(\w+)L$/.exec(text);
  if (last) return { kind: 'last', day: number(last[1]!, FIELDS.dayOfWeek) };
  const nth = /^(\w+)#(\d)$/.exec(text);
  if (nth) {
    const k = Number(nth[2]);
    if (k < 1 || k > 5) throw new ScheduleExpressionError(`${text}: a month has at most 5 of each weekday`);
    return { kind: 'nth', day: number(nth[1]!, FIELDS.dayOfWeek), nth: k };
  }
  return { kind: 'days', days: new Set(values(text, FIELDS.dayOfWeek)) };
}

/** A field's list (`a,b`), each item `*`, `a`, `a-b` (wrapping past the end), with an optional `/step`. */
function values(text: string, field: Field): number[] {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined || range === undefined || range === '') {
      throw new ScheduleExpressionError(`${field.name}: ${item} is not a value, a range or a step`);
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!/^\d+$/.test(stepText ?? '1') || step < 1 || step > field.max) {
      throw new ScheduleExpressionError(`${field.name}: step ${stepText} is out of range`);
    }
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [field.min, field.max];
    else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw new ScheduleExpressionError(`${field.name}: ${range} is not a range`);
      [from, to] = [number(a!, field), number(b!, field)];
    } else [from, to] = [number(range, field), stepText === undefined ? number(range, field) : field.max];
    const span = to >= from ? to - from : to - from + (field.max - field.min + 1);
    for (let i = 0; i <= span; i += step)
      out.add(((from - field.min + i) % (field.max - field.min + 1)) + field.min);
  }
  return [...out].sort((a, b) => a - b);
}

function number(text: string, field: Field): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= field.min && n <= field.max)) {
    throw new ScheduleExpressionError(`${field.name}: ${text} is not between ${field.min} and ${field.max}`);
  }
  return n;
}
