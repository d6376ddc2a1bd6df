import { loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The worst figures seen under one label. */
export interface LoopFigures {
  /** Worst event-loop delay (ms) while one measured call ran. */
  maxMs: number;
  /** Worst CPU time (user + system, ms) of the whole process during one measured call. */
  cpuMs: number;
  /** The 1-minute load average when the worst delay was seen: the machine's share of that delay. */
  load: number;
  runs: number;
}

/**
 * How long the event loop was held while something ran, from Node's own sampler
 * (perf_hooks.monitorEventLoopDelay, 1 ms resolution): the worst delay of a timer that should have fired,
 * so a request that blocks the loop for 25 s shows as ~25,000 ms however fast the rest is. On a shared
 * machine the delay also counts the time the process waited for a core, so the CPU time the process spent
 * and the load average are recorded beside it.
 */
export class LoopDelayMeter {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });
  readonly worst = new Map<string, LoopFigures>();

  start(): void {
    this.histogram.enable();
  }

  stop(): void {
    this.histogram.disable();
  }

  /** Runs `work`, then records the worst loop delay seen while it ran under `label`. */
  async measure<T>(
    label: string,
    work: () => Promise<T>,
  ): Promise<{ value: T; maxMs: number; cpuMs: number }> {
    this.histogram.reset();
    const cpu = process.cpuUsage();
    const value = await work();
    // Let the sampler's timer fire once more, so a stall at the very end is counted.
    await new Promise((resolve) => setTimeout(resolve, 2));
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const maxMs = this.histogram.max / 1e6;
    const seen = this.worst.get(label) ?? { maxMs: 0, cpuMs: 0, load: 0, runs: 0 };
    this.worst.set(label, {
      ...(maxMs > seen.maxMs ? { maxMs, load: loadavg()[0]! } : { maxMs: seen.maxMs, load: seen.load }),
      cpuMs: Math.max(seen.cpuMs, cpuMs),
      runs: seen.runs + 1,
    });
    return { value, maxMs, cpuMs };
  }

  /** The figures as a Markdown table, worst first. */
  table(): string {
    const rows = [...this.worst].sort((a, b) => b[1].maxMs - a[1].maxMs);
    return [
      '| operation | runs | worst loop delay (ms) | load then | worst CPU (ms) |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows.map(
        ([label, w]) =>
          `| ${label} | ${w.runs} | ${w.maxMs.toFixed(1)} | ${w.load.toFixed(1)} | ${w.cpuMs.toFixed(1)} |`,
      ),
    ].join('\n');
  }
}
