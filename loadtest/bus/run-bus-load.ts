// Load test of the local bus (issue 4's targets). Run by hand, bounded in time:
//   npx tsx loadtest/bus/run-bus-load.ts [--seconds 60] [--rate 2000] [--connections 32] [--deliver]
// Phase 1: as many 10-entry PutEvents as the bus takes (sustained events/s).
// Phase 2: a steady 2,000 events/s (200 requests/s), latency percentiles.
// RSS is the bus process's, sampled every 250 ms throughout.
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { loadBatches } from './load-rules.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '32' },
    deliver: { type: 'boolean', default: false },
  },
});
const seconds = Math.min(Number(values.seconds), 300);
const rate = Number(values.rate);
const connections = Number(values.connections);

const child = fork(new URL('./bus-under-load.ts', import.meta.url).pathname, [], {
  // LOAD_BUS_NODE_ARGS: extra node flags for the bus process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  execArgv: ['--import', 'tsx', ...(process.env.LOAD_BUS_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
  env: { ...process.env, LOAD_DELIVER: values.deliver ? '1' : '0' },
});
let maxRss = 0;
const port = await new Promise<number>((resolve) => {
  child.on('message', (m: { port?: number; rss?: number }) => {
    if (m.port) resolve(m.port);
    if (m.rss) maxRss = Math.max(maxRss, m.rss);
  });
});
const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
const bodies = loadBatches().map((Entries) => JSON.stringify({ Entries }));
let next = 0;
async function putOnce(): Promise<number> {
  const started = performance.now();
  const res = await pool.request({
    path: '/',
    method: 'POST',
    headers: { 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
    body: bodies[next++ % bodies.length],
  });
  const out = (await res.body.json()) as { FailedEntryCount?: number };
  if (res.statusCode !== 200 || out.FailedEntryCount !== 0)
    throw new Error(`PutEvents failed: ${res.statusCode} ${JSON.stringify(out)}`);
  return performance.now() - started;
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (n: number): string => n.toFixed(1);

// Phase 1: saturation.
const latencies1: number[] = [];
const end1 = performance.now() + seconds * 1000;
const t1 = performance.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < end1) latencies1.push(await putOnce());
  }),
);
const elapsed1 = (performance.now() - t1) / 1000;
latencies1.sort((a, b) => a - b);
const rss1 = maxRss;

// Phase 2: fixed rate, requests started on a schedule (open loop), 10 events each.
const latencies2: number[] = [];
const requestsPerSecond = rate / 10;
const total2 = Math.round(requestsPerSecond * seconds);
const t2 = performance.now();
const inFlight: Promise<void>[] = [];
for (let i = 0; i < total2; i++) {
  const due = t2 + (i * 1000) / requestsPerSecond;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  inFlight.push(putOnce().then((ms) => void latencies2.push(ms)));
}
await Promise.all(inFlight);
const elapsed2 = (performance.now() - t2) / 1000;
latencies2.sort((a, b) => a - b);

await pool.close();
child.disconnect();
const mb = (b: number): string => `${Math.round(b / 1024 / 1024)} MB`;
console.log(
  `bus load test: 1000 rules, 10-entry PutEvents, ${connections} connections, deliveries ${values.deliver ? 'on' : 'written, worker off'}`,
);
console.log(
  `phase 1 (saturation, ${fmt(elapsed1)} s): ${Math.round((latencies1.length * 10) / elapsed1)} events/s, p50 ${fmt(pct(latencies1, 50))} ms, p99 ${fmt(pct(latencies1, 99))} ms, max RSS ${mb(rss1)}`,
);
console.log(
  `phase 2 (${rate} events/s, ${fmt(elapsed2)} s): ${Math.round((latencies2.length * 10) / elapsed2)} events/s, p50 ${fmt(pct(latencies2, 50))} ms, p99 ${fmt(pct(latencies2, 99))} ms, max ${fmt(latencies2[latencies2.length - 1] ?? NaN)} ms`,
);
console.log(`max RSS of the bus process: ${mb(maxRss)}`);
