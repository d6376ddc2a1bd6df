// A partner down for a while and then back: it must lose nothing and take its backlog within its
// InvocationRateLimitPerSecond. One API destination (rate limit --rate), a partner answering 503 for
// --down-seconds while --events events arrive at --arrival-rate, then 204. Checks every event arrived
// (once after dedupe by webhook-id) and the busiest one-second window after recovery.
//   npx tsx loadtest/delivery/bench-outage.ts [--down-seconds 20] [--events 2000] [--arrival-rate 100] [--rate 50]
// The scenario is --down-seconds 600 (10 minutes; the run then takes about 20 minutes, because
// retries have backed off towards the schedule's 10-minute cap by the time the partner returns).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { LocalQueues } from '../../services/bus/queues/local-queues.ts';
import { openDatabase } from '../../services/bus/store/open-database.ts';
import { ApiDestinationInvoker } from '../../services/delivery/api-destination-invoker.ts';
import { DeliveryQueue } from '../../services/delivery/delivery-queue.ts';
import { DeliveryWorker } from '../../services/delivery/delivery-worker.ts';
import { MemoryDirectory } from '../../services/delivery/testing/memory-directory.ts';

const { values: a } = parseArgs({
  options: {
    'down-seconds': { type: 'string', default: '20' },
    events: { type: 'string', default: '2000' },
    'arrival-rate': { type: 'string', default: '100' },
    rate: { type: 'string', default: '50' },
  },
});
const downMs = Number(a['down-seconds']) * 1000;
const events = Number(a.events);
const rate = Number(a.rate);
const arrivalRate = Number(a['arrival-rate']);

const seen = new Set<string>();
const acceptedAt: number[] = [];
let requests = 0;
const t0 = Date.now();
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    requests++;
    if (Date.now() - t0 < downMs) {
      res.writeHead(503);
      return res.end('down for maintenance');
    }
    const id = String(req.headers['webhook-id']);
    if (!seen.has(id)) seen.add(id);
    acceptedAt.push(Date.now());
    res.writeHead(204);
    res.end();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;

const db = openDatabase(':memory:');
const queue = new DeliveryQueue(db);
const directory = new MemoryDirectory();
const conn = directory.addConnection('outage', 'API_KEY', {
  ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k' },
});
const arn = directory.addDestination('outage-partner', `http://127.0.0.1:${port}/hook`, conn, { rate });
const invoker = new ApiDestinationInvoker({
  directory,
  endpointPolicy: { allowHttp: true, allowPrivateNetworks: true },
});
const worker = new DeliveryWorker({
  queue,
  queues: new LocalQueues(db, { region: 'eu-west-1', accountId: '000000000000' }),
  invokers: [invoker],
  pollIntervalMs: 250,
});
worker.start();

for (let i = 0; i < events; i++) {
  queue.enqueue([
    {
      eventId: `evt-${i}`,
      ruleArn: 'arn:aws:events:eu-west-1:000000000000:rule/marketplace/outage',
      targetId: 'p',
      targetArn: arn,
      body: `{"n":${i}}`,
      eventTime: Date.now(),
      retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
    },
  ]);
  worker.kick();
  if (i % 10 === 9) await new Promise((r) => setTimeout(r, (10 * 1000) / arrivalRate));
}
const limit = Date.now() + downMs + 15 * 60_000;
while (seen.size < events && Date.now() < limit) await new Promise((r) => setTimeout(r, 250));
const back = t0 + downMs;
const done = Date.now();
await worker.stop();
await invoker.close();
server.close();

// The busiest one-second window of successful requests after the partner came back.
let busiest = 0;
for (let i = 0, j = 0; i < acceptedAt.length; i++) {
  while (acceptedAt[i]! - acceptedAt[j]! >= 1000) j++;
  busiest = Math.max(busiest, i - j + 1);
}
const counts = queue.counts();
console.log(
  `outage          partner down ${downMs / 1000} s; ${events} events at ${arrivalRate}/s; rate limit ${rate}/s`,
);
console.log(
  `outcome         ${seen.size} of ${events} received (distinct webhook-ids); ${counts['dead-lettered'] + counts.failed} failed or dead-lettered; ${requests} requests in all`,
);
console.log(
  `backlog         drained ${((done - back) / 1000).toFixed(1)} s after the partner came back; busiest 1 s window ${busiest} requests (limit ${rate})`,
);
process.exitCode = seen.size === events && busiest <= rate + 1 ? 0 : 1;
