// Inside the sinks' worker thread: start the sinks, hand their endpoints to the main thread, then
// answer its questions (how many receipts, which) until it says close.
import { parentPort, workerData } from 'node:worker_threads';
import { startPartnerSinks } from './partner-sinks.ts';
import type { SinkMessage, SinkRequest } from './partner-sinks-thread.ts';

const port = parentPort;
if (!port) throw new Error('partner-sinks-worker-main.ts runs in a worker thread (partner-sinks-thread.ts)');
const post = (m: SinkMessage) => port.postMessage(m);
const { partners } = workerData as { partners: string[] };
try {
  const sinks = await startPartnerSinks(partners);
  post({
    kind: 'ready',
    endpoints: Object.fromEntries(partners.map((p) => [p, sinks.endpoint(p, '').replace(/\/$/, '')])),
  });
  port.on('message', (m: SinkRequest) => {
    if (m.kind === 'count') post({ kind: 'answer', id: m.id, count: sinks.receipts.length });
    else if (m.kind === 'receipts') post({ kind: 'answer', id: m.id, receipts: sinks.receipts });
    else void sinks.close().then(() => post({ kind: 'answer', id: m.id }));
  });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
