// `portico loadtest --find-ceiling` without the CLI: each step is a whole `runLoadtest` at the step's
// rate (a fresh local stack each time, so one step's backlog does not weigh on the next), stepped by
// find-ceiling.ts until a threshold fails.
import { findCeiling, type CeilingPlan, type CeilingResult } from './find-ceiling.ts';
import { runLoadtest, type LoadtestOptions } from './run-loadtest.ts';
import { peakRssText, type RunSummary } from './summary.ts';

export interface CeilingOptions extends Pick<
  LoadtestOptions,
  'scenario' | 'runner' | 'target' | 'apiKeys' | 'cwd' | 'warmUp'
> {
  plan: CeilingPlan;
  stepDuration: string;
  out(line: string): void;
}

/** What each step keeps of its run. */
export interface StepFigures {
  eventsPerSecond: number;
  requestP95: number;
  requestP99: number;
  endToEndP99: number | undefined;
  failed: string[];
  threads: RunSummary['threads'];
  peakRss: Pick<RunSummary, 'loadProcessPeakRssMb' | 'stackPeakRssMb'>;
}

export type CeilingOutcome =
  { exitCode: 0 | 1; result: CeilingResult<StepFigures> } | { exitCode: 1 | 2; message: string };

export async function runCeiling(o: CeilingOptions): Promise<CeilingOutcome> {
  let stopped: string | undefined;
  const result = await findCeiling<StepFigures>(
    o.plan,
    async (rate) => {
      if (stopped) return { passed: false, measured: figures(undefined) };
      const outcome = await runLoadtest({
        scenario: o.scenario,
        rate,
        duration: o.stepDuration,
        ...(o.runner ? { runner: o.runner } : {}),
        ...(o.target ? { target: o.target } : {}),
        ...(o.apiKeys ? { apiKeys: o.apiKeys } : {}),
        ...(o.cwd ? { cwd: o.cwd } : {}),
        ...(o.warmUp !== undefined ? { warmUp: o.warmUp } : {}),
      });
      if ('message' in outcome) {
        stopped = outcome.message;
        return { passed: false, measured: figures(undefined) };
      }
      return { passed: outcome.summary.passed, measured: figures(outcome.summary) };
    },
    (step) => {
      if (stopped) return;
      const m = step.measured;
      o.out(
        `${step.passed ? 'ok  ' : 'FAIL'} --rate ${step.rate}: ${m.eventsPerSecond} events/s, request p95 ${m.requestP95} ms, p99 ${m.requestP99} ms` +
          (m.endToEndP99 !== undefined ? `, end-to-end p99 ${m.endToEndP99} ms` : '') +
          (m.failed.length > 0 ? `; failed: ${m.failed.join(', ')}` : ''),
      );
    },
  );
  if (stopped) return { exitCode: 2, message: stopped };
  const c = result.ceiling;
  if (!c) {
    o.out(`no ceiling: a threshold failed at the first rate (${o.plan.start} events/s)`);
    return { exitCode: 1, result };
  }
  o.out(
    `ceiling: ${c.rate} events/s offered (${c.measured.eventsPerSecond} achieved, ${o.stepDuration} a step), every threshold passed` +
      (result.firstFailure
        ? `; at ${result.firstFailure.rate} a threshold failed`
        : `; ${o.plan.max} (--ceiling-max) reached`),
  );
  if (c.measured.threads)
    o.out(
      `  event-loop utilisation at ${c.rate}: ${c.measured.threads.map((t) => `${t.thread} ${(t.utilisation * 100).toFixed(0)} %`).join(', ')}`,
    );
  const rss = peakRssText(c.measured.peakRss);
  if (rss) o.out(`  peak RSS at ${c.rate}: ${rss}`);
  return { exitCode: 0, result };
}

function figures(s: RunSummary | undefined): StepFigures {
  const max = (f: (p: RunSummary['parts'][number]) => number) =>
    s && s.parts.length > 0 ? Math.max(...s.parts.map(f)) : Number.NaN;
  return {
    eventsPerSecond: s?.totals.eventsPerSecond ?? 0,
    requestP95: max((p) => p.latencyMs.p95),
    requestP99: max((p) => p.latencyMs.p99),
    endToEndP99: s?.endToEnd?.latencyMs.p99,
    failed: s ? s.thresholds.filter((t) => !t.passed).map((t) => `${t.metric} ${t.expression}`) : [],
    threads: s?.threads,
    peakRss: { loadProcessPeakRssMb: s?.loadProcessPeakRssMb, stackPeakRssMb: s?.stackPeakRssMb },
  };
}
