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

export function reconcile(sent: readonly SentEvent[], receipts: readonly Receipt[]): RoutingReport {
  const byId = new Map(sent.map((s) => [s.eventId, s]));
  const seen = new Set<string>();
  const report: RoutingReport = {
    events: sent.length,
    expectedDeliveries: 0,
    received: receipts.length,
    lost: 0,
    misrouted: 0,
    duplicates: 0,
    latencies: [],
    examples: [],
  };
  for (const r of receipts) {
    const key = `${r.eventId} ${r.target}`;
    const event = byId.get(r.eventId);
    if (!event || !event.expected.includes(r.target)) {
      report.misrouted += 1;
      if (report.examples.length < 5)
        report.examples.push(
          `event ${r.eventId} reached ${r.target}, which the catalogue does not route it to`,
        );
    } else if (seen.has(key)) report.duplicates += 1;
    else report.latencies.push(Math.max(0, r.at - event.acceptedAt));
    seen.add(key);
  }
  for (const event of sent) {
    report.expectedDeliveries += event.expected.length;
    for (const target of event.expected) {
      if (seen.has(`${event.eventId} ${target}`)) continue;
      report.lost += 1;
      if (report.examples.length < 5) report.examples.push(`event ${event.eventId} never reached ${target}`);
    }
  }
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
