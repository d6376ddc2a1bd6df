// Delivery throughput: N deliveries already in the durable queue, to local partner servers behind D
// API destinations (API key + Standard Webhooks signature on each request), through the real worker,
// invoker (undici pools) and a synchronous=FULL SQLite file. Bounded: stops at N or after --max-seconds.
//   npx tsx loadtest/delivery/bench-deliveries.ts [--deliveries 50000] [--destinations 100] [--lane-concurrency 16] [--max-seconds 60] [--sender-thread]
// --sender-thread: the HTTP exchanges in the sender thread (services/delivery/sender-thread.ts), as the load test's stack runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalQueues } from '../../services/bus/queues/local-queues.ts';
import { openDatabase } from '../../services/bus/store/open-database.ts';
import { ApiDestinationInvoker } from '../../services/delivery/api-destination-invoker.ts';
import { DeliveryQueue, type NewDelivery } from '../../services/delivery/delivery-queue.ts';
import { DeliveryWorker } from '../../services/delivery/delivery-worker.ts';
import { MemoryDirectory } from '../../services/delivery/testing/memory-directory.ts';
import { percentile, startPartners } from './partner-process.ts';

const { values: a } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '50000' },
    destinations: { type: 'string', default: '100' },
    'max-seconds': { type: 'string', default: '60' },
    'lane-concurrency': { type: 'string', default: '16' },
    'sender-thread': { type: 'boolean', default: false },
  },
});
const total = Number(a.deliveries);
const destinations = Number(a.destinations);
const dir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
const partners = await startPartners(destinations);
const db = openDatabase(join(dir, 'portico.db'));
const queue = new DeliveryQueue(db);
const directory = new MemoryDirectory();
const conn = directory.addConnection('bench', 'API_KEY', {
  ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'bench-key' },
});
const arns = partners.ports.map((port, i) =>
  directory.addDestination(`partner-${i}`, `http://127.0.0.1:${port}/hook`, conn, {
    secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  }),
);
const lane = Number(a['lane-concurrency']);
const invoker = new ApiDestinationInvoker({
  directory,
  endpointPolicy: { allowHttp: true, allowPrivateNetworks: true },
  connectionsPerOrigin: lane,
  senderThread: a['sender-thread'],
});
const worker = new DeliveryWorker({
  queue,
  queues: new LocalQueues(db, { region: 'eu-west-1', accountId: '000000000000' }),
  invokers: [invoker],
  laneConcurrency: lane,
});

const now = Date.now();
const body = JSON.stringify({
  version: '0',
  source: 'com.marketplace.market',
  'detail-type': 'marketplace requests',
  detail: { user_id: '123456789', request_status: 'new', requests1: 'books' },
});
const rows: NewDelivery[] = Array.from({ length: total }, (_, i) => ({
  eventId: `evt-${i}`,
  ruleArn: `arn:aws:events:eu-west-1:000000000000:rule/marketplace/bench-${i % destinations}`,
  targetId: 'partner',
  targetArn: arns[i % destinations]!,
  body,
  eventTime: now,
  retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
}));
db.transaction(() => queue.enqueue(rows))();

const started = performance.now();
const cpuBefore = process.cpuUsage();
worker.start();
const deadline = started + Number(a['max-seconds']) * 1000;
while (performance.now() < deadline && queue.openCount() > 0) await new Promise((r) => setTimeout(r, 250));
const seconds = (performance.now() - started) / 1000;
await worker.stop();
const cpu = process.cpuUsage(cpuBefore);
const done = queue.counts().succeeded;
await invoker.close();
const latencies = (
  db.prepare('SELECT latency_ms AS l FROM delivery_attempts ORDER BY l').all() as { l: number }[]
).map((r) => r.l);
const partnerSide = await partners.report();
partners.stop();
db.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  `deliveries      ${done} of ${total} to ${destinations} API destinations in ${seconds.toFixed(2)} s`,
);
console.log(`throughput      ${Math.round(done / seconds)} deliveries/s`);
// The worker's process only (partners run in their own): robust to a busy machine, unlike deliveries/s.
console.log(
  `worker CPU      ${Math.round(done / ((cpu.user + cpu.system) / 1e6))} deliveries per CPU-second (user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s)`,
);
console.log(
  `attempt latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms (request to response, in the worker)`,
);
console.log(`partners saw    ${partnerSide.received} requests, ${partnerSide.unique} distinct webhook-ids`);
process.exitCode = done >= total ? 0 : 1;
