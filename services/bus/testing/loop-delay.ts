import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * How long the event loop was held while something ran, from Node's own sampler
 * (perf_hooks.monitorEventLoopDelay, 1 ms resolution): the worst delay of a timer that should have fired,
 * so a request that blocks the loop for 25 s shows as ~25,000 ms however fast the rest is.
 */
export class LoopDelayMeter {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });
  /** Worst delay (ms) and count per label. */
  readonly worst = new Map<string, { maxMs: number; runs: number }>();

  start(): void {
    this.histogram.enable();
  }

  stop(): void {
    this.histogram.disable();
  }

  /** Runs `work`, then records the worst loop delay seen while it ran under `label`. */
  async measure<T>(label: string, work: () => Promise<T>): Promise<{ value: T; maxMs: number }> {
    this.histogram.reset();
    const value = await work();
    // Let the sampler's timer fire once more, so a stall at the very end is counted.
    await new Promise((resolve) => setTimeout(resolve, 2));
    const maxMs = this.histogram.max / 1e6;
    const seen = this.worst.get(label) ?? { maxMs: 0, runs: 0 };
    this.worst.set(label, { maxMs: Math.max(seen.maxMs, maxMs), runs: seen.runs + 1 });
    return { value, maxMs };
  }

  /** The figures as a Markdown table, worst first. */
  table(): string {
    const rows = [...this.worst].sort((a, b) => b[1].maxMs - a[1].maxMs);
    return [
      '| operation | runs | worst loop delay (ms) |',
      '| --- | ---: | ---: |',
      ...rows.map(([label, w]) => `| ${label} | ${w.runs} | ${w.maxMs.toFixed(1)} |`),
    ].join('\n');
  }
}
