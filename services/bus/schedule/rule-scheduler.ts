import type { Clock } from '../../delivery/clock.ts';
import type { NewDelivery } from '../../delivery/delivery-queue.ts';
import { commitAndHandOver, type AcceptedEvent } from '../accept-event.ts';
import { ruleArn } from '../arns.ts';
import { envelope, timeOrderedUuid } from '../envelope.ts';
import type { LocalBus } from '../local-bus.ts';
import type { RuleRecord } from '../resources/rule-store.ts';
import { ruleDeliveries } from '../routing/route-event.ts';
import { nextFireTime } from './next-fire-time.ts';
import { parseSchedule, type Schedule } from './schedule-expression.ts';

/** The longest the timer sleeps: the scheduler looks again at least this often (a clock that jumped). */
const MAX_SLEEP_MS = 60_000;

/** Calls `fire` in `ms` milliseconds; answers how to cancel. Injected by tests, which fire it by hand. */
export type SetTimer = (fire: () => void, ms: number) => () => void;

const realTimer: SetTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms);
  timer.unref(); // a schedule alone does not keep the process alive
  return () => clearTimeout(timer);
};

interface Planned {
  rule: RuleRecord;
  schedule: Schedule;
  /** When the schedule started: the rule's creation (or change), or this process's start. */
  anchor: number;
  next: number | undefined;
}

/**
 * Fires the rules that have a ScheduleExpression, as EventBridge does: at each scheduled time a
 * "Scheduled Event" (source aws.events, detail {}, resources [the rule ARN]) goes to that rule's targets
 * only (it is not matched against the bus's other rules, nor archived), committed with its deliveries
 * through the commit queue like any accepted event. DISABLED rules do not fire. Times missed while the
 * bus was stopped or busy are not made up: the next firing is the first scheduled time after now.
 * Nothing runs until start(); tests drive it with a ManualClock and runDue() instead.
 */
export class RuleScheduler {
  private readonly planned = new Map<string, Planned>();
  private cancel: (() => void) | undefined;
  private started = false;
  private firing: Promise<number> | undefined;

  constructor(
    private readonly bus: LocalBus,
    private readonly clock: Clock,
    private readonly setTimer: SetTimer = realTimer,
  ) {
    for (const busName of bus.buses.list().map((b) => b.name)) {
      for (const rule of bus.rules.list(busName)) this.plan(rule.bus, rule.name);
    }
    bus.rules.onChange((busName, name) => {
      this.plan(busName, name);
      this.arm();
    });
  }

  /** The earliest time a rule is due to fire; undefined when none is scheduled. */
  nextDueAt(): number | undefined {
    let at: number | undefined;
    for (const p of this.planned.values())
      if (p.next !== undefined && (at === undefined || p.next < at)) at = p.next;
    return at;
  }

  /** Fires every rule due at the clock's now, once each; resolves with how many fired, once committed. */
  async runDue(): Promise<number> {
    const now = this.clock.now();
    const accepted: AcceptedEvent[] = [];
    for (const p of this.planned.values()) {
      if (p.next === undefined || p.next > now) continue;
      accepted.push(this.scheduledEvent(p.rule, p.next, now));
      p.next = nextFireTime(p.schedule, now, p.anchor);
    }
    if (accepted.length > 0) await commitAndHandOver(this.bus, accepted);
    return accepted.length;
  }

  /** Fires rules on time from now on (a timer), until stop(). */
  start(): void {
    this.started = true;
    this.arm();
  }

  /** Stops the timer and waits for a firing under way to be committed. */
  async stop(): Promise<void> {
    this.started = false;
    this.cancel?.();
    await this.firing;
  }

  private plan(busName: string, name: string): void {
    const key = `${busName}\0${name}`;
    const rule = this.bus.rules.get(busName, name);
    const known = this.planned.get(key);
    if (!rule?.scheduleExpression || rule.state === 'DISABLED') {
      this.planned.delete(key);
      return;
    }
    if (
      known &&
      known.rule.scheduleExpression === rule.scheduleExpression &&
      known.rule.state === rule.state
    ) {
      known.rule = rule; // its targets changed: the schedule goes on
      return;
    }
    let schedule: Schedule;
    try {
      schedule = parseSchedule(rule.scheduleExpression);
    } catch (error) {
      // PutRule refuses invalid expressions; a stored one that does not parse is skipped, and said so.
      this.bus.logger.warn(
        { err: error, rule: name },
        'rule has an invalid ScheduleExpression: not scheduled',
      );
      this.planned.delete(key);
      return;
    }
    const now = this.clock.now();
    this.planned.set(key, { rule, schedule, anchor: now, next: nextFireTime(schedule, now, now) });
  }

  private arm(): void {
    this.cancel?.();
    this.cancel = undefined;
    const at = this.started ? this.nextDueAt() : undefined;
    if (at === undefined) return;
    const wait = Math.min(Math.max(at - this.clock.now(), 0), MAX_SLEEP_MS);
    this.cancel = this.setTimer(() => {
      this.firing = this.runDue().catch((error: unknown) => {
        this.bus.logger.error({ err: error }, 'scheduled rules failed to fire');
        return 0;
      });
      void this.firing.then(() => this.arm());
    }, wait);
  }

  /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html: the event shape. */
  private scheduledEvent(rule: RuleRecord, scheduledAt: number, now: number): AcceptedEvent {
    const { identity } = this.bus;
    const id = timeOrderedUuid(now);
    const { event, eventJson } = envelope(identity, id, {
      source: 'aws.events',
      detailType: 'Scheduled Event',
      time: scheduledAt,
      resources: [ruleArn(identity, rule.bus, rule.name)],
      detail: {},
    });
    const deliveries: NewDelivery[] = [];
    ruleDeliveries(rule, identity, { bus: rule.bus, event, eventJson, ingestedAt: now }, deliveries);
    return { log: { id, bus: rule.bus, ingestedAt: now, event: eventJson }, deliveries, archives: [] };
  }
}
