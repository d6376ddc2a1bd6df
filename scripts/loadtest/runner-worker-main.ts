// Inside the worker thread: run the scenario with the options the main thread sent, report progress
// as it goes and the result at the end (runner-thread.ts is the other side).
import { parentPort, workerData } from 'node:worker_threads';
import { runScenario } from './node-runner.ts';
import { ExpectedRouting } from './routing-check.ts';
import type { WorkerMessage, WorkerRunOptions } from './runner-thread.ts';
import { loadPayloads } from './shared-payloads.ts';

const port = parentPort;
if (!port) throw new Error('runner-worker-main.ts runs in a worker thread (runner-thread.ts starts it)');
const post = (message: WorkerMessage) => port.postMessage(message);
const { rules, sentPort, ...options } = workerData as WorkerRunOptions;
try {
  const result = await runScenario({
    ...options,
    payloads: await loadPayloads(),
    ...(rules ? { routing: new ExpectedRouting(rules) } : {}),
    ...(sentPort ? { sentTo: sentPort } : {}),
    onProgress: (sample) => post({ kind: 'progress', sample }),
  });
  sentPort?.close();
  post({ kind: 'done', result });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
