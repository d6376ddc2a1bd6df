// The ceiling the delivery benchmark runs against: bare undici POSTs (keep-alive Pools, same
// concurrency) to the same partner servers, with no queue, signing or bookkeeping. Comparing the two
// says what the worker costs, separately from what this machine can do at the moment.
//   npx tsx loadtest/delivery/bench-http-ceiling.ts [--requests 50000] [--destinations 100] [--lane-concurrency 16]
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { startPartners } from './partner-process.ts';

const { values: a } = parseArgs({
  options: {
    requests: { type: 'string', default: '50000' },
    destinations: { type: 'string', default: '100' },
    'lane-concurrency': { type: 'string', default: '16' },
  },
});
const total = Number(a.requests);
const lane = Number(a['lane-concurrency']);
const partners = await startPartners(Number(a.destinations));
const pools = partners.ports.map((port) => new Pool(`http://127.0.0.1:${port}`, { connections: lane }));
const body = JSON.stringify({
  version: '0',
  source: 'com.marketplace.market',
  'detail-type': 'marketplace requests',
  detail: { user_id: '123456789' },
});
let next = 0;
const started = performance.now();
async function worker(pool: Pool) {
  while (next < total) {
    const i = next++;
    const res = await pool.request({
      path: '/hook',
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'webhook-id': `msg_${i}` },
    });
    await res.body.dump();
  }
}
await Promise.all(pools.flatMap((pool) => Array.from({ length: lane }, () => worker(pool))));
const seconds = (performance.now() - started) / 1000;
console.log(
  `bare undici     ${total} requests to ${pools.length} servers in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} requests/s`,
);
await Promise.all(pools.map((p) => p.close()));
partners.stop();
