// A load test is also a routing test: each event put must reach exactly the partners the catalogue
// says. The expected set comes from the pattern engine over the catalogue's rules (the same patterns
// the bus installs), the received set from the partner sinks; both are compared once the run drains.
import type { Rule } from '../../generated/catalog-model.ts';
import { RuleMachine } from '../../services/pattern/index.ts';
import { percentile, sortedCopy } from './metrics.ts';
import type { Receipt } from './partner-sinks.ts';

export interface SentEvent {
  eventId: string;
  /**
   * clock() when the PutEvents answer accepting it arrived: the bus has committed it by then, so the
   * end-to-end time is the system's alone, not the PutEvents round trip as well.
   */
  acceptedAt: number;
  /** `<partner>/<env>` targets, sorted. */
  expected: string[];
}

export interface RoutingReport {
  events: number;
  expectedDeliveries: number;
  received: number;
  /** Expected deliveries that never arrived. */
  lost: number;
  /** Deliveries to a partner that should not have had the event (or of an event never put). */
  misrouted: number;
  /**
   * Extra receipts of an event by a partner that should have it, once already received: at-least-once
   * delivery allows them, so they are counted apart from misrouted and fail only where a scenario says.
   */
  duplicates: number;
  /**
   * ms from PutEvents accepted to the partner's receipt, one per first receipt. A delivery may reach
   * the sink before the PutEvents answer reaches the runner (the bus commits, then both leave): 0.
   */
  latencies: number[];
  examples: string[];
}

export class ExpectedRouting {
  private readonly machine = new RuleMachine();
  private readonly targets = new Map<string, string>();

  constructor(rules: readonly Pick<Rule, 'name' | 'partner' | 'environment' | 'eventPattern'>[]) {
    for (const rule of rules) {
      this.machine.add(rule.name, rule.eventPattern);
      this.targets.set(rule.name, `${rule.partner}/${rule.environment}`);
    }
  }

  /** The targets of an event as the bus sees it (envelope fields the patterns read, and `detail`). */
  expected(source: string, detailType: string, detail: unknown): string[] {
    const event = {
      version: '0',
      id: '0',
      'detail-type': detailType,
      source,
      account: '000000000000',
      time: '1970-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail,
    };
    return this.machine
      .match(event)
      .map((name) => this.targets.get(name)!)
      .sort();
  }
}

/**
 * The routing check as deliveries arrive: each event put is expected, each receipt is checked against
 * it at once, and an event whose every expected delivery has arrived is dropped from what is waited
 * for. What it holds is what is in flight (events put and not yet fully delivered, and receipts that
 * came before the PutEvents answer did), plus the targets of each delivered event (for telling a
 * duplicate from a misrouted delivery), not every receipt: a 10-minute run stays small.
 */
export class RoutingTally {
  /** Events still waiting for a delivery: the targets not yet received. */
  private readonly waiting = new Map<string, { acceptedAt: number; expected: string[]; missing: string[] }>();
  /** Receipts of events not yet known to have been put (the delivery beat the PutEvents answer). */
  private readonly early = new Map<string, Receipt[]>();
  /** Fully delivered events: their targets, shared per distinct target list. */
  private readonly delivered = new Map<string, string[]>();
  private readonly interned = new Map<string, string[]>();
  private counts = { events: 0, expectedDeliveries: 0, received: 0, misrouted: 0, duplicates: 0 };
  /** Per first receipt: ms from accepted to received, and when it was accepted (clock()). */
  readonly latencies: number[] = [];
  readonly acceptedAt: number[] = [];
  private readonly examples: string[] = [];

  get events(): number {
    return this.counts.events;
  }

  get received(): number {
    return this.counts.received;
  }

  /** Events and receipts held, waiting for each other (the memory the check keeps beyond counts). */
  held(): number {
    return this.waiting.size + this.early.size;
  }

  expect(event: SentEvent): void {
    this.counts.events += 1;
    this.counts.expectedDeliveries += event.expected.length;
    const key = event.expected.join(' ');
    let expected = this.interned.get(key);
    if (!expected) this.interned.set(key, (expected = [...event.expected]));
    const entry = { acceptedAt: event.acceptedAt, expected, missing: [...expected] };
    const early = this.early.get(event.eventId);
    this.early.delete(event.eventId);
    if (entry.missing.length === 0) this.delivered.set(event.eventId, expected);
    else this.waiting.set(event.eventId, entry);
    for (const r of early ?? []) this.receive(r, true);
  }

  receive(r: Receipt, counted = false): void {
    if (!counted) this.counts.received += 1;
    const waiting = this.waiting.get(r.eventId);
    if (waiting) {
      const i = waiting.missing.indexOf(r.target);
      if (i >= 0) {
        waiting.missing.splice(i, 1);
        this.latencies.push(Math.max(0, r.at - waiting.acceptedAt));
        this.acceptedAt.push(waiting.acceptedAt);
        if (waiting.missing.length === 0) {
          this.waiting.delete(r.eventId);
          this.delivered.set(r.eventId, waiting.expected);
        }
      } else if (waiting.expected.includes(r.target)) this.counts.duplicates += 1;
      else this.misrouted(r);
      return;
    }
    const delivered = this.delivered.get(r.eventId);
    if (delivered) {
      if (delivered.includes(r.target)) this.counts.duplicates += 1;
      else this.misrouted(r);
      return;
    }
    const early = this.early.get(r.eventId);
    if (early) early.push(r);
    else this.early.set(r.eventId, [r]);
  }

  private misrouted(r: Receipt): void {
    this.counts.misrouted += 1;
    if (this.examples.length < 5)
      this.examples.push(`event ${r.eventId} reached ${r.target}, which the catalogue does not route it to`);
  }

  /** The check as it stands: what still waits is lost, receipts of events never put are misrouted. */
  report(): RoutingReport & { acceptedAt: number[] } {
    const examples = [...this.examples];
    let lost = 0;
    for (const [eventId, w] of this.waiting)
      for (const target of w.missing) {
        lost += 1;
        if (examples.length < 5) examples.push(`event ${eventId} never reached ${target}`);
      }
    let never = 0;
    for (const receipts of this.early.values())
      for (const r of receipts) {
        never += 1;
        if (examples.length < 5)
          examples.push(`event ${r.eventId} reached ${r.target}, but no event with that id was put`);
      }
    return {
      events: this.counts.events,
      expectedDeliveries: this.counts.expectedDeliveries,
      received: this.counts.received,
      lost,
      misrouted: this.counts.misrouted + never,
      duplicates: this.counts.duplicates,
      latencies: this.latencies,
      acceptedAt: this.acceptedAt,
      examples,
    };
  }
}

/** The check of a whole run at once (tests): every event expected first, then every receipt. */
export function reconcile(sent: readonly SentEvent[], receipts: readonly Receipt[]): RoutingReport {
  const tally = new RoutingTally();
  for (const s of sent) tally.expect(s);
  for (const r of receipts) tally.receive(r);
  const { acceptedAt: _, ...report } = tally.report();
  return report;
}

export function latencySummary(latencies: readonly number[]): {
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = sortedCopy(latencies);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}
