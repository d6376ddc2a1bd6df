// The load generator in a worker thread of the load process (load-process-main.ts), beside the partner
// sinks on that process's main thread: each gets an event loop of its own, so the runner's arrivals are
// not held back by the sinks' work. Results cross back by structured clone; timestamps use the shared
// `clock()` (metrics.ts), so end-to-end times compare a worker's instant with a sink's.
import type { MessagePort } from 'node:worker_threads';
import type { Rule } from '../../generated/catalog-model.ts';
import { RunMetrics } from './metrics.ts';
import { tsWorker } from './ts-worker.ts';
import type { ProgressSample, RunOptions, RunResult } from './node-runner.ts';

/** What the worker needs: the run's options minus what cannot be cloned (functions, classes). */
export type WorkerRunOptions = Omit<RunOptions, 'payloads' | 'routing' | 'sentTo' | 'onProgress'> & {
  /** The catalogue's routing rules, for the expected targets of each event put. */
  rules?: readonly Pick<Rule, 'name' | 'partner' | 'environment' | 'eventPattern'>[];
  /** Where each event put goes, with its expected targets (the partner sinks' thread listens). */
  sentPort?: MessagePort;
};

export type WorkerMessage =
  | { kind: 'progress'; sample: ProgressSample }
  | { kind: 'done'; result: RunResult }
  | { kind: 'failed'; message: string };

export function runScenarioInWorker(
  options: WorkerRunOptions,
  onProgress?: (sample: ProgressSample) => void,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const worker = tsWorker('./runner-worker-main.ts', options, options.sentPort ? [options.sentPort] : []);
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') onProgress?.(message.sample);
      else if (message.kind === 'done') {
        settled = true;
        resolve({ ...message.result, metrics: RunMetrics.revive(message.result.metrics) });
      } else {
        settled = true;
        reject(new Error(`load generator (worker thread): ${message.message}`));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(new Error(`load generator (worker thread): ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (!settled)
        reject(new Error(`load generator (worker thread) exited with code ${code} before its result`));
    });
  });
}
