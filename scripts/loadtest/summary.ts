// The end of a run: one object (printed as a table, or as JSON with --json) with requests and events
// per second, latency percentiles, errors by kind, the routing check and every threshold.
import { percentile, sortedCopy, type RunMetrics } from './metrics.ts';
import type { StatusRouting } from './local-stack.ts';
import { latencySummary, type RoutingReport } from './routing-check.ts';
import type { ThresholdResult } from './thresholds.ts';

export interface PartSummary {
  part: string;
  iterations: number;
  dropped: number;
  requests: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  events: number;
  latencyMs: { p50: number; p95: number; p99: number };
  errorRate: number;
  errors: Record<string, number>;
  conflicts: number;
  /** Partner journeys only: polls, polls that found nothing new, statuses recorded, replays. */
  journeys?: { polls: number; emptyPolls: number; statuses: Record<string, number>; replays: number };
}

export interface WarmUpSummary {
  durationS: number;
  /** The share of the measured run's rate it ran at. */
  rateShare: number;
  requests: number;
  events: number;
  requestP99: number;
  dropped: number;
  errors: number;
}

export interface RunSummary {
  runner: 'node' | 'k6';
  scenario: string;
  target: string;
  durationS: number;
  parts: PartSummary[];
  totals: { requests: number; events: number; eventsPerSecond: number; errors: number };
  endToEnd?: Omit<RoutingReport, 'latencies'> & {
    /** Deliveries whose time is in the percentiles: those of the measured run's events. */
    timed?: number;
    latencyMs: { p50: number; p95: number; p99: number; max: number };
  };
  /** The warm-up run before the measured one (run-loadtest.ts, WARM_UP): printed apart, not in the thresholds. */
  warmUp?: WarmUpSummary;
  /** Against the local stack: the statuses partners posted, recorded and routed to the consumers. */
  statusRouting?: StatusRouting;
  skipped: { part: string; reason: string }[];
  /** Each thread's event-loop utilisation over the run (perf_hooks), 0..1: how busy its core share was. */
  threads?: { thread: string; utilisation: number }[];
  /** Peak resident set of the load process: the Node runner and, against a local stack, the partner sinks. */
  loadProcessPeakRssMb?: number;
  /** Peak resident set of the process running the local stack (bus, delivery, services, their threads). */
  stackPeakRssMb?: number;
  /** CPU time (user and system, all threads) each process used over the run: cores = seconds / durationS. */
  cpu?: { stackSeconds?: number; loadProcessSeconds?: number };
  notes: string[];
  thresholds: ThresholdResult[];
  passed: boolean;
}

export function summarisePart(name: string, metrics: RunMetrics, durationS: number): PartSummary {
  const m = metrics.part(name);
  const sorted = sortedCopy(m.latencies);
  return {
    part: name,
    iterations: m.iterations,
    dropped: m.dropped,
    requests: m.requests,
    requestsPerSecond: round(m.requests / durationS),
    events: m.events,
    eventsPerSecond: round(m.events / durationS),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
    },
    errorRate: m.requests ? m.failedRequests / m.requests : 0,
    errors: Object.fromEntries([...m.errors].sort()),
    conflicts: m.conflicts,
    ...(m.polls > 0
      ? {
          journeys: {
            polls: m.polls,
            emptyPolls: m.emptyPolls,
            statuses: Object.fromEntries([...m.statuses].sort()),
            replays: m.replays,
          },
        }
      : {}),
  };
}

export function endToEnd(report: RoutingReport & { acceptedAt?: number[] }): RunSummary['endToEnd'] {
  const { latencies, acceptedAt: _, ...rest } = report;
  const l = latencySummary(latencies);
  return {
    ...rest,
    timed: latencies.length,
    latencyMs: { p50: round(l.p50), p95: round(l.p95), p99: round(l.p99), max: round(l.max) },
  };
}

export function formatSummary(s: RunSummary): string[] {
  const lines = [`${s.scenario} (${s.runner} runner) against ${s.target}, ${s.durationS.toFixed(1)} s`];
  for (const note of s.notes) lines.push(`  note: ${note}`);
  if (s.warmUp) lines.push(`  warm-up (not in the figures below): ${warmUpText(s.warmUp)}`);
  const rows = [
    ['part', 'requests', 'req/s', 'events', 'events/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'dropped'],
  ];
  for (const p of s.parts) {
    const errors = Object.values(p.errors).reduce((a, b) => a + b, 0);
    rows.push([
      p.part,
      `${p.requests}`,
      `${p.requestsPerSecond}`,
      `${p.events}`,
      `${p.eventsPerSecond}`,
      fmt(p.latencyMs.p50),
      fmt(p.latencyMs.p95),
      fmt(p.latencyMs.p99),
      `${errors}`,
      `${p.dropped}`,
    ]);
  }
  if (s.endToEnd) {
    const e = s.endToEnd;
    rows.push([
      'end-to-end (accepted → partner)',
      `${e.timed ?? e.received}`,
      '',
      s.warmUp ? '' : `${e.events}`,
      '',
      fmt(e.latencyMs.p50),
      fmt(e.latencyMs.p95),
      fmt(e.latencyMs.p99),
      `${e.lost + e.misrouted}`,
      '',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    lines.push(
      `  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`,
    );
  lines.push(
    `  total: ${s.totals.requests} requests, ${s.totals.events} events, ${s.totals.eventsPerSecond} events/s, ${s.totals.errors} errors`,
  );
  if (s.endToEnd) {
    const e = s.endToEnd;
    lines.push(
      `  routing${s.warmUp ? ' (warm-up included)' : ''}: ${e.events} events, ${e.expectedDeliveries} deliveries expected, ${e.received} received: ${e.lost} lost, ${e.misrouted} misrouted, ${e.duplicates} duplicates (at-least-once)`,
    );
    for (const example of e.examples) lines.push(`    ${example}`);
  }
  for (const p of s.parts) {
    if (!p.journeys) continue;
    const j = p.journeys;
    const statuses = Object.entries(j.statuses).map(([k, n]) => `${n} ${k}`);
    lines.push(
      `  ${p.part}: ${j.polls} polls (${j.emptyPolls} found nothing new), statuses recorded: ${statuses.join(', ') || 'none'}, ${j.replays} replayed by Idempotency-Key`,
    );
  }
  if (s.statusRouting) {
    const r = s.statusRouting;
    const consumers = Object.entries(r.consumers).map(
      ([name, c]) =>
        `${name} ${c.succeeded} ok${c.open ? `, ${c.open} open` : ''}${c.failed ? `, ${c.failed} FAILED` : ''}${c.retried ? `, ${c.retried} retried` : ''}`,
    );
    lines.push(
      `  status events: ${r.recorded} final statuses in the request store, ${r.notRecorded} missing; consumer deliveries: ${consumers.join('; ') || 'none'}`,
    );
  }
  const kinds = new Map<string, number>();
  for (const p of s.parts)
    for (const [k, n] of Object.entries(p.errors)) kinds.set(k, (kinds.get(k) ?? 0) + n);
  if (kinds.size > 0) lines.push(`  errors by kind: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  const conflicts = s.parts.reduce((a, p) => a + p.conflicts, 0);
  if (conflicts > 0) lines.push(`  status posts answered 409 (another answer first, expected): ${conflicts}`);
  if (s.threads && s.threads.length > 0)
    lines.push(
      `  event-loop utilisation: ${s.threads.map((t) => `${t.thread} ${(t.utilisation * 100).toFixed(0)} %`).join(', ')}`,
    );
  if (s.loadProcessPeakRssMb !== undefined || s.stackPeakRssMb !== undefined)
    lines.push(`  peak RSS: ${peakRssText(s)}`);
  if (s.cpu) lines.push(`  CPU: ${cpuText(s)}`);
  for (const skip of s.skipped) lines.push(`  skipped ${skip.part}: ${skip.reason}`);
  lines.push('  thresholds:');
  for (const t of s.thresholds)
    lines.push(
      `    ${t.passed ? 'ok  ' : 'FAIL'} ${t.metric} ${t.expression} (${Number.isNaN(t.value) ? 'no samples' : round(t.value)})`,
    );
  lines.push(s.passed ? 'all thresholds passed' : 'thresholds failed');
  return lines;
}

function fmt(n: number): string {
  return Number.isNaN(n) ? '-' : n.toFixed(1);
}

function round(n: number): number {
  return Number.isNaN(n) ? n : Math.round(n * 100) / 100;
}

/** The two processes' peak RSS, as the summary and the ceiling search print them. */
export function warmUpText(w: WarmUpSummary): string {
  return (
    `${w.durationS.toFixed(1)} s at ${w.rateShare === 0.5 ? 'half' : `${w.rateShare} of`} the rate, ${w.events} events, ` +
    `${w.requests} requests, request p99 ${fmt(w.requestP99)} ms, ${w.dropped} dropped, ${w.errors} errors`
  );
}

/** Each process's CPU over the run, in cores, and the stack's CPU per event. */
export function cpuText(s: Pick<RunSummary, 'cpu' | 'durationS' | 'totals'>): string {
  const cores = (seconds: number) => (seconds / s.durationS).toFixed(2);
  const { stackSeconds, loadProcessSeconds } = s.cpu ?? {};
  return [
    stackSeconds !== undefined
      ? `local stack process ${cores(stackSeconds)} cores (${((stackSeconds * 1000) / Math.max(1, s.totals.events)).toFixed(3)} CPU-ms per event)`
      : undefined,
    loadProcessSeconds !== undefined ? `load process ${cores(loadProcessSeconds)} cores` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

export function peakRssText(s: Pick<RunSummary, 'loadProcessPeakRssMb' | 'stackPeakRssMb'>): string {
  return [
    s.stackPeakRssMb !== undefined ? `local stack process ${s.stackPeakRssMb} MB` : undefined,
    s.loadProcessPeakRssMb !== undefined
      ? `load process (runner${s.stackPeakRssMb !== undefined ? ' and partner sinks' : ''}) ${s.loadProcessPeakRssMb} MB`
      : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}
