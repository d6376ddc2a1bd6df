// What a run measured: per part, every request's latency and outcome, bucketed by second for the
// plot; and per routed event, the end-to-end times. Latencies are kept whole (a 10-minute run at
// 1,200/s is under a million numbers), so percentiles are exact rather than estimated.
import { performance } from 'node:perf_hooks';

/**
 * Milliseconds since the epoch, sub-millisecond: the one clock of a run. The load generator runs in a
 * worker thread of the load process and the partner sinks on its main thread; each thread's
 * `performance.now()` counts from its own start, so only `timeOrigin + now()` (the same monotonic clock,
 * anchored once to the wall clock per thread and process) compares across them and with the stack's.
 */
export function clock(): number {
  return performance.timeOrigin + performance.now();
}

export interface SecondSample {
  second: number;
  requests: number;
  events: number;
  errors: number;
  /** The second's latencies, until the next second begins: then only their p99 is kept. */
  latencies: number[];
  p99?: number;
}

export class PartMetrics {
  readonly latencies: number[] = [];
  readonly errors = new Map<string, number>();
  requests = 0;
  failedRequests = 0;
  checks = 0;
  failedChecks = 0;
  events = 0;
  /** Arrivals not started because `maxInFlight` iterations were already running (k6: dropped_iterations). */
  dropped = 0;
  iterations = 0;
  /** Status posts answered 409: another answer came first (expected under concurrency, not an error). */
  conflicts = 0;
  /** Partner journeys: polls made, and polls that found no new request. */
  polls = 0;
  emptyPolls = 0;
  /** Statuses recorded (201), by status. */
  readonly statuses = new Map<string, number>();
  /** Status posts replayed from their Idempotency-Key (200). */
  replays = 0;

  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }
}

export class RunMetrics {
  readonly parts = new Map<string, PartMetrics>();
  readonly seconds: SecondSample[] = [];

  constructor(readonly startedAt: number) {}

  /** A RunMetrics that crossed a thread boundary (structured clone keeps data, not prototypes). */
  static revive(data: RunMetrics): RunMetrics {
    const metrics = new RunMetrics(data.startedAt);
    for (const [name, part] of data.parts) metrics.parts.set(name, Object.assign(new PartMetrics(), part));
    metrics.seconds.push(...data.seconds);
    return metrics;
  }

  part(name: string): PartMetrics {
    let found = this.parts.get(name);
    if (!found) this.parts.set(name, (found = new PartMetrics()));
    return found;
  }

  /**
   * The sample of the second `at` falls in. Times come from one monotonic clock, read as each request
   * ends, so once a later second begins an earlier one is complete: its latencies are replaced by their
   * p99 (all the plot needs). The parts keep every latency; a second copy of a 10-minute run's million
   * latencies was ~10 % of the load process's peak RSS.
   */
  second(at: number): SecondSample {
    const second = Math.max(0, Math.floor((at - this.startedAt) / 1000));
    const last = this.seconds.at(-1);
    if (last && last.second < second && last.p99 === undefined) {
      last.p99 = percentile(sortedCopy(last.latencies), 99);
      last.latencies = [];
    }
    while (this.seconds.length <= second)
      this.seconds.push({ second: this.seconds.length, requests: 0, events: 0, errors: 0, latencies: [] });
    return this.seconds[second]!;
  }

  request(part: string, at: number, latencyMs: number, ok: boolean, errorKind?: string): void {
    const m = this.part(part);
    m.requests += 1;
    m.latencies.push(latencyMs);
    const s = this.second(at);
    s.requests += 1;
    s.latencies.push(latencyMs);
    if (!ok) {
      m.failedRequests += 1;
      s.errors += 1;
      m.error(errorKind ?? 'unknown');
    }
  }

  check(part: string, passed: boolean, errorKind: string): void {
    const m = this.part(part);
    m.checks += 1;
    if (!passed) {
      m.failedChecks += 1;
      m.error(errorKind);
    }
  }

  events(part: string, at: number, count: number): void {
    this.part(part).events += count;
    this.second(at).events += count;
  }
}

/** Nearest-rank percentile (p in 0..100) of numbers sorted ascending; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function sortedCopy(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}
