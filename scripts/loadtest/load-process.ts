// The outside world of a load test in a process of its own: the load generator (a worker thread there)
// and the partner sinks with the routing check beside them (that process's main thread). The process
// that runs Portico sees only HTTP from it, as a deployment would, and each process's memory is
// measured apart: the runner's peak RSS is the load process's, not the stack's.
//
// Messages cross by Node's "advanced" IPC serialisation (structured clone), like a worker's. Times
// use clock() (metrics.ts), `timeOrigin + now()`, which compares across processes on one machine.
import { fork } from 'node:child_process';
import type { Rule } from '../../generated/catalog-model.ts';
import { RunMetrics } from './metrics.ts';
import type { ProgressSample, RunResult } from './node-runner.ts';
import type { RoutingReport } from './routing-check.ts';
import type { WorkerRunOptions } from './runner-thread.ts';

const ENTRY = new URL('./ts-worker.mjs', import.meta.url);
const MAIN = new URL('./load-process-main.ts', import.meta.url).href;

export type LoadRunOptions = Omit<WorkerRunOptions, 'sentPort' | 'rules'> & {
  /** The catalogue's routing rules: given when the sinks check where each event put arrives. */
  rules?: readonly Pick<Rule, 'name' | 'partner' | 'environment' | 'eventPattern'>[];
};

export type LoadRequest =
  | { kind: 'run'; options: LoadRunOptions }
  | { kind: 'count'; id: number }
  | { kind: 'report'; id: number; events: number }
  | { kind: 'close'; id: number };

export type RoutingReportWithTimes = RoutingReport & { acceptedAt: number[] };

/** What the load process measured of itself over the run. */
export interface LoadProcessFigures {
  /** Event-loop utilisation (perf_hooks), 0..1, of the sinks' thread (the runner's is in its result). */
  sinksUtilisation: number;
  /** The load process's peak resident set (runner and sinks), in MB. */
  peakRssMb: number;
  /** CPU time (user and system, every thread) the load process used over the run. */
  cpuSeconds: number;
}

export type LoadMessage =
  | { kind: 'ready'; endpoints: Record<string, string> }
  | { kind: 'progress'; sample: ProgressSample }
  | { kind: 'done'; result: RunResult; figures: LoadProcessFigures }
  | { kind: 'answer'; id: number; count?: number; report?: RoutingReportWithTimes }
  | { kind: 'failed'; message: string };

export interface LoadProcess {
  /** The sink endpoint of a partner's environment. */
  endpoint(partner: string, environment: string): string;
  /** Runs the scenario; resolves with the runner's result and the load process's own figures. */
  run(
    options: LoadRunOptions,
    onProgress?: (sample: ProgressSample) => void,
  ): Promise<RunResult & { figures: LoadProcessFigures }>;
  /** Deliveries the sinks received so far. */
  count(): Promise<number>;
  /** The routing check, once the `events` the runner put have all come in (or 10 s passed). */
  report(events: number): Promise<RoutingReportWithTimes>;
  close(): Promise<void>;
}

/** Starts the load process with a sink per partner (none when the target is not a local stack). */
export async function startLoadProcess(partners: readonly string[]): Promise<LoadProcess> {
  const child = fork(ENTRY, [MAIN, JSON.stringify(partners)], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (m: Extract<LoadMessage, { kind: 'answer' }>) => void>();
  let nextId = 0;
  let running:
    { resolve(r: RunResult & { figures: LoadProcessFigures }): void; reject(e: Error): void } | undefined;
  let onProgress: ((s: ProgressSample) => void) | undefined;
  const failure = (message: string) => new Error(`load process: ${message}`);
  const endpoints = await new Promise<Record<string, string>>((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      if (m.kind === 'ready') resolve(m.endpoints);
      else if (m.kind === 'progress') onProgress?.(m.sample);
      else if (m.kind === 'done') {
        running?.resolve({ ...m.result, metrics: RunMetrics.revive(m.result.metrics), figures: m.figures });
        running = undefined;
      } else if (m.kind === 'answer') {
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
      } else {
        reject(failure(m.message));
        running?.reject(failure(m.message));
        running = undefined;
      }
    });
    child.once('error', (e) => reject(failure(e.message)));
    child.once('exit', (code, signal) => {
      const e = failure(`exited (${signal ?? code}) before it answered`);
      reject(e);
      running?.reject(e);
      for (const [, answer] of waiting) answer({ kind: 'answer', id: -1 });
    });
  });
  const ask = (request: Extract<LoadRequest, { id: number }>) =>
    new Promise<Extract<LoadMessage, { kind: 'answer' }>>((resolve) => {
      waiting.set(request.id, resolve);
      child.send(request satisfies LoadRequest);
    });
  return {
    endpoint(partner, environment) {
      const base = endpoints[partner];
      if (!base) throw new Error(`no sink for partner ${partner}`);
      return `${base}/${environment}`;
    },
    run: (options, progress) =>
      new Promise((resolve, reject) => {
        running = { resolve, reject };
        onProgress = progress;
        child.send({ kind: 'run', options } satisfies LoadRequest);
      }),
    count: async () => (await ask({ kind: 'count', id: nextId++ })).count ?? 0,
    report: async (events) => {
      const report = (await ask({ kind: 'report', id: nextId++, events })).report;
      if (!report) throw failure('no routing report');
      return report;
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask({ kind: 'close', id: nextId++ });
      await exited;
    },
  };
}
