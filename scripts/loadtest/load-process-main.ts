// Inside the load process (load-process.ts is the other side): start the partner sinks and the routing
// check on this thread, hand the sinks' endpoints to the parent, then run the scenario in a worker
// thread when asked, answer the parent's questions (receipts, the routing check) and exit on close.
// The runner sends each event it put to the routing check here, over a port of its own.
import { performance } from 'node:perf_hooks';
import { MessageChannel } from 'node:worker_threads';
import { cpuSeconds, peakRss } from './peak-rss.ts';
import type { LoadMessage, LoadRequest } from './load-process.ts';
import { startPartnerSinks } from './partner-sinks.ts';
import { RoutingTally, type SentEvent } from './routing-check.ts';
import { runScenarioInWorker } from './runner-thread.ts';

const post = (m: LoadMessage) => process.send!(m);
if (!process.send)
  throw new Error('load-process-main.ts runs in a child process (load-process.ts starts it)');
// The parent gone (crashed, killed) means nobody will read a result: do not linger.
process.on('disconnect', () => process.exit(0));

const partners = JSON.parse(process.argv[3] ?? '[]') as string[];
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
  const run = async (options: Extract<LoadRequest, { kind: 'run' }>['options']) => {
    const channel = new MessageChannel();
    channel.port2.on('message', (batch: SentEvent[]) => {
      for (const s of batch) tally.expect(s);
    });
    const rss = peakRss();
    const elu = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    try {
      const result = await runScenarioInWorker(
        { ...options, ...(options.rules ? { sentPort: channel.port1 } : {}) },
        (sample) => post({ kind: 'progress', sample }),
      );
      post({
        kind: 'done',
        result,
        figures: {
          sinksUtilisation: performance.eventLoopUtilization(elu).utilization,
          peakRssMb: rss.stop(),
          cpuSeconds: cpuSeconds(process.cpuUsage(cpu)),
        },
      });
    } catch (error) {
      post({
        kind: 'failed',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  };
  process.on('message', (m: LoadRequest) => {
    if (m.kind === 'run') void run(m.options);
    else if (m.kind === 'count') post({ kind: 'answer', id: m.id, count: sinks.received });
    else if (m.kind === 'report') reportWhen(m.id, m.events, Date.now() + 10_000);
    else
      // The runner's port is still open (its last batches may be queued), so leave by exit, once the
      // answer is written.
      void sinks.close().then(() => process.send!({ kind: 'answer', id: m.id }, () => process.exit(0)));
  });
  post({
    kind: 'ready',
    endpoints: Object.fromEntries(partners.map((p) => [p, sinks.endpoint(p, '').replace(/\/$/, '')])),
  });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
