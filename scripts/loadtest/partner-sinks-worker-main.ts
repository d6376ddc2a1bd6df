// Inside the sinks' worker thread: start the sinks, hand their endpoints to the main thread, then
// answer its questions (how many receipts, the routing check) until it says close. The load runner
// sends each event it put here, over a port of its own, and each receipt is checked as it arrives.
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { startPartnerSinks } from './partner-sinks.ts';
import type { SinkMessage, SinkRequest } from './partner-sinks-thread.ts';
import { RoutingTally, type SentEvent } from './routing-check.ts';

const port = parentPort;
if (!port) throw new Error('partner-sinks-worker-main.ts runs in a worker thread (partner-sinks-thread.ts)');
const post = (m: SinkMessage) => port.postMessage(m);
const { partners } = workerData as { partners: string[] };
try {
  const tally = new RoutingTally();
  const sinks = await startPartnerSinks(partners, (r) => tally.receive(r));
  /** Answers a report once every event the runner says it put has come in. */
  const reportWhen = (id: number, events: number, until: number) => {
    if (tally.events < events && Date.now() < until) {
      setTimeout(() => reportWhen(id, events, until), 20);
      return;
    }
    post({ kind: 'answer', id, report: tally.report() });
  };
  post({
    kind: 'ready',
    endpoints: Object.fromEntries(partners.map((p) => [p, sinks.endpoint(p, '').replace(/\/$/, '')])),
  });
  port.on('message', (m: SinkRequest) => {
    if (m.kind === 'count') post({ kind: 'answer', id: m.id, count: sinks.received });
    else if (m.kind === 'sent-port')
      (m.port as MessagePort).on('message', (batch: SentEvent[]) => {
        for (const s of batch) tally.expect(s);
      });
    else if (m.kind === 'report') reportWhen(m.id, m.events ?? 0, Date.now() + 10_000);
    else void sinks.close().then(() => post({ kind: 'answer', id: m.id }));
  });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
