// `portico loadtest` without the CLI: load the catalogue, pick the scenario, stand up the local stack
// when no target is given, run it with k6 when a real k6 is installed (else the Node runner), then
// check thresholds and, against the local stack, that every event reached exactly its partners.
import { writeFileSync } from 'node:fs';
import { buildCatalogModel } from '../catalog/build-catalog-model.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { createContext } from '../generate/context.ts';
import { LOADTEST_DIR } from '../generate/loadtest/generate-loadtest.ts';
import { loadtestModel } from '../generate/loadtest/loadtest-model.ts';
import { detectK6, parseDuration, runK6 } from './k6-binary.ts';
import { startLoadProcess, type LoadProcess, type RoutingReportWithTimes } from './load-process.ts';
import { startLocalStack, type LocalStack, type StatusRouting } from './local-stack.ts';
import { percentile, sortedCopy } from './metrics.ts';
import type { ProgressSample, RunResult } from './node-runner.ts';
import { plotSvg } from './plot-svg.ts';
import { cpuSeconds, peakRss } from './peak-rss.ts';
import { eventsPerIteration, scenarioDefinitions } from './scenarios.ts';
import { endToEnd, summarisePart, type RunSummary, type WarmUpSummary } from './summary.ts';
import { evaluateThresholds } from './thresholds.ts';

export interface LoadtestOptions {
  scenario: string;
  rate?: number;
  duration?: string;
  events?: number;
  target?: string;
  apiKeys?: string[];
  runner?: 'auto' | 'node' | 'k6';
  /** Write the per-second plot (SVG) here. */
  plot?: string;
  catalog?: string;
  cwd?: string;
  /** How long to wait after the last arrival for deliveries to reach the sinks. */
  drainMs?: number;
  /**
   * Runs the scenario this long at half the rate before the measured run (Node runner only): a stack
   * that has just started compiles its hot code while it serves, and its first seconds say nothing of
   * how it runs. Its figures are printed apart and kept out of the thresholds; its events are in the
   * routing check. Default WARM_UP against the local stack, none against a --target (already running).
   */
  warmUp?: string;
  onProgress?(sample: ProgressSample): void;
}

export const WARM_UP = '10s';

export type LoadtestOutcome =
  { exitCode: 0 | 1; summary: RunSummary } | { exitCode: 0 | 1 | 2; message: string };

export async function runLoadtest(o: LoadtestOptions): Promise<LoadtestOutcome> {
  const cwd = o.cwd ?? process.cwd();
  const { catalogue, problems } = await loadCatalog(o.catalog ?? 'catalog', cwd);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    return {
      exitCode: 2,
      message: `the catalogue has ${errors.length} problem(s): run \`portico validate\``,
    };
  const ctx = createContext();
  const model = buildCatalogModel(catalogue, ctx);
  const defs = scenarioDefinitions(loadtestModel(catalogue, model, ctx.routedEvent));
  const scenario = defs.scenarios.find((s) => s.name === o.scenario);
  if (!scenario)
    return {
      exitCode: 2,
      message: `no scenario \`${o.scenario}\`; there are: ${defs.scenarios.map((s) => s.name).join(', ')}`,
    };
  const durationMs = parseDuration(o.duration ?? scenario.duration);

  const k6 = o.runner === 'node' ? undefined : detectK6();
  if (o.runner === 'k6' && !k6)
    return { exitCode: 2, message: 'no k6 on the PATH (`k6 version` did not answer as k6 does)' };
  let stack: LocalStack | undefined;
  let load: LoadProcess | undefined;
  try {
    // The outside world (the Node runner, and partner sinks when the stack is ours) in a process of its own.
    load = await startLoadProcess(o.target ? [] : model.partners.map((p) => p.id));
    if (!o.target) stack = await startLocalStack(model, load);
    const target = o.target ?? stack!.url;
    const apiKeys = o.apiKeys ?? stack?.apiKeys ?? [];
    // --rate (events a second) is shared among the parts that will run, in their default proportions.
    const runnable = scenario.parts.filter((p) => p.action.kind === 'put-events' || apiKeys.length > 0);
    const eventRate = runnable.reduce((a, p) => a + p.rate * eventsPerIteration(p), 0);
    const rateScale = o.rate !== undefined ? o.rate / eventRate : 1;
    if (k6) {
      const env: Record<string, string> = { BASE_URL: target, DURATION: o.duration ?? scenario.duration };
      if (apiKeys.length > 0) env.API_KEYS = apiKeys.join(',');
      for (const p of scenario.parts) env[p.rateVariable] = String(p.rate * rateScale);
      const code = await runK6(`${LOADTEST_DIR}/${scenario.file}`, env);
      return { exitCode: code === 0 ? 0 : 1, message: `${k6}: exit ${code}` };
    }
    // The stack runs here, the load generator and the sinks in the load process. The runner sends
    // each event it put straight to the routing check beside the sinks.
    const runOptions = {
      defs,
      scenario,
      target,
      ...(stack?.apiTarget ? { apiTarget: stack.apiTarget } : {}),
      apiKeys,
      ...(stack ? { rules: model.rules, keysByTarget: stack.keysByTarget } : {}),
    };
    const warmUpMs = parseDuration(o.warmUp ?? (stack ? WARM_UP : '0s'));
    const warm =
      warmUpMs > 0
        ? await load.run({ ...runOptions, durationMs: warmUpMs, rateScale: rateScale / 2 })
        : undefined;
    const mark = stack?.utilisation();
    const rss = peakRss();
    const cpu = process.cpuUsage();
    const run = await load.run(
      {
        ...runOptions,
        durationMs:
          o.events !== undefined && o.duration === undefined ? Math.max(durationMs, 60_000) : durationMs,
        rateScale,
        ...(o.events !== undefined ? { maxEvents: o.events } : {}),
      },
      o.onProgress,
    );
    const utilisation = stack?.utilisation(mark);
    const stackPeakRssMb = rss.stop();
    const stackCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
    let routingReport: RoutingReportWithTimes | undefined;
    let statusRouting: StatusRouting | undefined;
    if (stack) {
      // The warm-up's events are checked too; its end-to-end times are left out with its requests.
      const expected = run.routed.expectedDeliveries + (warm?.routed.expectedDeliveries ?? 0);
      const until = Date.now() + (o.drainMs ?? 15_000);
      while ((await load.count()) < expected && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      const report = await load.report(run.routed.events + (warm?.routed.events ?? 0));
      routingReport = warm ? measuredPart(report, run.metrics.startedAt) : report;
      statusRouting = await stack.statusRouting(
        [...(warm?.answered ?? []), ...run.answered],
        Math.max(1_000, until - Date.now()),
      );
    }
    const durationS = run.elapsedMs / 1000;
    const parts = scenario.parts
      .filter((p) => !run.skippedParts.some((s) => s.part === p.name))
      .map((p) => summarisePart(p.name, run.metrics, durationS));
    const thresholds = evaluateThresholds(
      {
        ...scenario.thresholds,
        ...(routingReport ? scenario.endToEndThresholds : {}),
        dropped_iterations: ['count==0'],
      },
      {
        rate: (metric, part) => {
          const ms = selected(run.metrics.parts, part);
          if (metric === 'http_req_failed')
            return [sum(ms, (m) => m.failedRequests), sum(ms, (m) => m.requests)];
          if (metric === 'checks')
            return [sum(ms, (m) => m.checks - m.failedChecks), sum(ms, (m) => m.checks)];
          return undefined;
        },
        trend: (metric, part) => {
          if (metric === 'http_req_duration')
            return selected(run.metrics.parts, part).flatMap((m) => m.latencies);
          if (metric === 'e2e_latency') return routingReport?.latencies;
          return undefined;
        },
        count: (metric, part) => {
          if (metric === 'lost') return routingReport?.lost;
          if (metric === 'misrouted') return routingReport?.misrouted;
          if (metric === 'duplicates') return routingReport?.duplicates;
          if (metric === 'status_events_failed') return statusRouting?.failed;
          if (metric === 'dropped_iterations')
            return sum(selected(run.metrics.parts, part), (m) => m.dropped);
          return undefined;
        },
      },
    );
    if (o.plot) {
      const e2e: number[][] = [];
      if (routingReport) {
        const { latencies, acceptedAt } = routingReport;
        latencies.forEach((latency, i) => {
          const second = Math.floor((acceptedAt[i]! - run.metrics.startedAt) / 1000);
          (e2e[second] ??= []).push(latency);
        });
      }
      const seconds = run.metrics.seconds.slice(0, Math.ceil(durationS));
      writeFileSync(
        o.plot,
        plotSvg({
          title: `portico loadtest --scenario ${scenario.name}`,
          seconds,
          endToEnd: Array.from(seconds, (_, i) => e2e[i] ?? []),
        }),
      );
    }
    const summary: RunSummary = {
      runner: 'node',
      scenario: scenario.name,
      target: o.target ?? 'local stack',
      durationS,
      parts,
      totals: {
        requests: sum(parts, (p) => p.requests),
        events: sum(parts, (p) => p.events),
        eventsPerSecond: Math.round((sum(parts, (p) => p.events) / durationS) * 100) / 100,
        errors: sum([...run.metrics.parts.values()], (m) => m.failedRequests + m.failedChecks),
      },
      ...(routingReport ? { endToEnd: endToEnd(routingReport) } : {}),
      ...(warm ? { warmUp: warmUpSummary(warm, scenario.parts) } : {}),
      ...(statusRouting ? { statusRouting } : {}),
      skipped: run.skippedParts,
      threads: [
        ...Object.entries(utilisation ?? {}).map(([thread, u]) => ({
          thread,
          utilisation: round3(u.utilization),
        })),
        ...(stack ? [{ thread: 'partner sinks', utilisation: round3(run.figures.sinksUtilisation) }] : []),
        { thread: 'load runner', utilisation: round3(run.utilisation) },
      ],
      loadProcessPeakRssMb: run.figures.peakRssMb,
      ...(stack ? { stackPeakRssMb } : {}),
      cpu: {
        ...(stack ? { stackSeconds: round3(stackCpuSeconds) } : {}),
        loadProcessSeconds: round3(run.figures.cpuSeconds),
      },
      notes: stack?.notes ?? [],
      thresholds,
      passed: thresholds.every((t) => t.passed),
    };
    return { exitCode: summary.passed ? 0 : 1, summary };
  } finally {
    await stack?.close();
    await load?.close();
  }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function selected<T>(parts: Map<string, T>, part: string | undefined): T[] {
  if (part === undefined) return [...parts.values()];
  const found = parts.get(part);
  return found ? [found] : [];
}

function sum<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((a, t) => a + f(t), 0);
}

/** The deliveries of events accepted from `startedAt` on keep their times; the counts stay whole. */
function measuredPart(report: RoutingReportWithTimes, startedAt: number): RoutingReportWithTimes {
  const keep = report.acceptedAt.map((at) => at >= startedAt);
  return {
    ...report,
    latencies: report.latencies.filter((_, i) => keep[i]),
    acceptedAt: report.acceptedAt.filter((_, i) => keep[i]),
  };
}

function warmUpSummary(warm: RunResult, parts: readonly { name: string }[]): WarmUpSummary {
  const durationS = warm.elapsedMs / 1000;
  const measured = parts
    .filter((p) => !warm.skippedParts.some((s) => s.part === p.name))
    .map((p) => warm.metrics.part(p.name));
  const latencies = sortedCopy(measured.flatMap((m) => m.latencies));
  return {
    durationS: Math.round(durationS * 10) / 10,
    rateShare: 0.5,
    requests: sum(measured, (m) => m.requests),
    events: sum(measured, (m) => m.events),
    requestP99: Math.round(percentile(latencies, 99) * 100) / 100,
    dropped: sum(measured, (m) => m.dropped),
    errors: sum(measured, (m) => m.failedRequests + m.failedChecks),
  };
}
