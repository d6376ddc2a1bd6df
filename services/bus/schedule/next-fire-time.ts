import type { CronSchedule, DayOfMonth, DayOfWeek, Schedule } from './schedule-expression.ts';

const MINUTE = 60_000;

/**
 * When a schedule fires next, strictly after `after` (ms since the epoch); undefined when it never
 * will (a cron expression whose years are past). A rate counts from `anchor`, when the rule was
 * created ("a rate expression starts when you create the scheduled event rule"); cron times are UTC.
 */
export function nextFireTime(schedule: Schedule, after: number, anchor: number): number | undefined {
  if (schedule.kind === 'rate') {
    const periods = after < anchor ? 0 : Math.floor((after - anchor) / schedule.everyMs) + 1;
    return anchor + periods * schedule.everyMs;
  }
  return nextCronTime(schedule, after);
}

function nextCronTime(c: CronSchedule, after: number): number | undefined {
  const start = new Date((Math.floor(after / MINUTE) + 1) * MINUTE);
  const y0 = start.getUTCFullYear();
  for (const year of c.years) {
    if (year < y0) continue;
    for (const month of c.months) {
      const sameMonth = year === y0 && month === start.getUTCMonth() + 1;
      if (year === y0 && month < start.getUTCMonth() + 1) continue;
      for (const day of daysOf(c, year, month)) {
        if (sameMonth && day < start.getUTCDate()) continue;
        const sameDay = sameMonth && day === start.getUTCDate();
        for (const hour of c.hours) {
          if (sameDay && hour < start.getUTCHours()) continue;
          const sameHour = sameDay && hour === start.getUTCHours();
          const minute = c.minutes.find((m) => !sameHour || m >= start.getUTCMinutes());
          if (minute !== undefined) return Date.UTC(year, month - 1, day, hour, minute);
        }
      }
    }
  }
  return undefined;
}

/** The days of `month` (1-12) of `year` the expression names, ascending. */
function daysOf(c: Pick<CronSchedule, 'dayOfMonth' | 'dayOfWeek'>, year: number, month: number): number[] {
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weekdayOf = (day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1; // 1 = Sunday
  const days: number[] = [];
  for (let day = 1; day <= length; day++) {
    if (
      dayOfMonthHolds(c.dayOfMonth, day, length, weekdayOf) &&
      dayOfWeekHolds(c.dayOfWeek, day, length, weekdayOf)
    ) {
      days.push(day);
    }
  }
  return days;
}

function dayOfMonthHolds(
  d: DayOfMonth,
  day: number,
  length: number,
  weekdayOf: (day: number) => number,
): boolean {
  switch (d.kind) {
    case 'any':
      return true;
    case 'days':
      return d.days.has(day);
    case 'last':
      return day === length;
    case 'weekday':
      return day === nearestWeekday(d.day === 'last' ? length : Math.min(d.day, length), length, weekdayOf);
  }
}

/** `nW`: the weekday nearest day n, within the month (Saturday the 1st moves to Monday the 3rd). */
function nearestWeekday(day: number, length: number, weekdayOf: (day: number) => number): number {
  const w = weekdayOf(day);
  if (w === 7) return day === 1 ? 3 : day - 1; // Saturday: Friday before, unless that is last month
  if (w === 1) return day === length ? day - 2 : day + 1; // Sunday: Monday after, unless next month
  return day;
}

function dayOfWeekHolds(
  d: DayOfWeek,
  day: number,
  length: number,
  weekdayOf: (day: number) => number,
): boolean {
  switch (d.kind) {
    case 'any':
      return true;
    case 'days':
      return d.days.has(weekdayOf(day));
    case 'last':
      return weekdayOf(day) === d.day && day + 7 > length;
    case 'nth':
      return weekdayOf(day) === d.day && Math.ceil(day / 7) === d.nth;
  }
}
