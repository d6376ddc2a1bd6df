// Latency from PutEvents accepted (its answer received) to the partner receiving the delivery, through
// the whole local runtime (`portico dev`'s bus, SQLite file, delivery worker, API-destination invoker),
// at a fixed arrival rate. The partner runs in its own process and notes when each webhook-id first
// arrived; PutEvents are sent from a third process (event-sender.ts); webhook-id -> event id comes from
// the delivery table afterwards. Bounded by --seconds.
//   npx tsx loadtest/delivery/bench-latency.ts [--rate 1000] [--seconds 10] [--batch 10]
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { startRuntime } from '../../services/runtime/dev-runtime.ts';
import { percentile, startPartners } from './partner-process.ts';

const { values: a } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    batch: { type: 'string', default: '10' },
  },
});
const rate = Number(a.rate);
const seconds = Number(a.seconds);
const batch = Number(a.batch);
const dir = mkdtempSync(join(tmpdir(), 'portico-latency-'));
const partners = await startPartners(1, true);
const runtime = await startRuntime({
  port: 0,
  dataDir: dir,
  catalog: false,
  logger: pino({ level: 'silent' }),
});
const client = new EventBridgeClient({
  region: 'eu-west-1',
  endpoint: runtime.url,
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  maxAttempts: 1,
});

await client.send(new CreateEventBusCommand({ Name: 'marketplace' }));
const conn = await client.send(
  new CreateConnectionCommand({
    Name: 'bench',
    AuthorizationType: 'API_KEY',
    AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'bench' } },
  }),
);
const dest = await client.send(
  new CreateApiDestinationCommand({
    Name: 'bench-partner',
    ConnectionArn: conn.ConnectionArn!,
    InvocationEndpoint: `http://127.0.0.1:${partners.ports[0]}/hook`,
    HttpMethod: 'POST',
  }),
);
await client.send(
  new PutRuleCommand({
    Name: 'bench',
    EventBusName: 'marketplace',
    EventPattern: JSON.stringify({ source: ['bench'] }),
  }),
);
await client.send(
  new PutTargetsCommand({
    Rule: 'bench',
    EventBusName: 'marketplace',
    Targets: [
      { Id: 'partner', Arn: dest.ApiDestinationArn!, RoleArn: 'arn:aws:iam::000000000000:role/bench' },
    ],
  }),
);

client.destroy();
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const sender = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    fileURLToPath(new URL('./event-sender.ts', import.meta.url)),
    runtime.url,
    String(rate),
    String(seconds),
    String(batch),
  ],
  {
    stdio: ['ignore', 'pipe', 'ignore'],
  },
);
let output = '';
sender.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
await new Promise((r) => sender.once('exit', r));
const sendOut = JSON.parse(output) as { accepted: Record<string, number>; seconds: number; failed: number };
const acceptedAt = new Map(Object.entries(sendOut.accepted));
const sendSeconds = sendOut.seconds;
loopDelay.disable();
let report = await partners.report();
for (
  const until = performance.now() + 30_000;
  report.unique < acceptedAt.size && performance.now() < until;
) {
  await new Promise((r) => setTimeout(r, 200));
  report = await partners.report();
}
const idOf = new Map(runtime.deliveryQueue.list({ limit: 10_000_000 }).map((d) => [d.webhookId, d.eventId]));
const latencies: number[] = [];
for (const [webhookId, at] of Object.entries(report.firstSeen ?? {})) {
  const accepted = acceptedAt.get(idOf.get(webhookId) ?? '');
  if (accepted !== undefined) latencies.push(at - accepted);
}
latencies.sort((x, y) => x - y);
// Where the time goes: ingested (the bus's clock at commit) -> the worker starting the attempt.
const pickup = (
  runtime.deliveryQueue.db
    .prepare(
      'SELECT a.started_at - d.event_time AS ms FROM delivery_attempts a JOIN deliveries d ON d.seq = a.delivery_seq WHERE a.attempt = 1',
    )
    .all() as { ms: number }[]
)
  .map((r) => r.ms)
  .sort((x, y) => x - y);
const attemptMs = (
  runtime.deliveryQueue.db.prepare('SELECT latency_ms AS ms FROM delivery_attempts').all() as { ms: number }[]
)
  .map((r) => r.ms)
  .sort((x, y) => x - y);
await runtime.close();
partners.stop();
rmSync(dir, { recursive: true, force: true });
const f = (x: number) => x.toFixed(1);
console.log(
  `sent            ${acceptedAt.size} events accepted (${sendOut.failed} failed) in ${sendSeconds.toFixed(2)} s (${Math.round(acceptedAt.size / sendSeconds)}/s, target ${rate}/s, ${batch} per PutEvents)`,
);
console.log(`received        ${report.unique} distinct deliveries (${report.received} requests)`);
console.log(
  `accepted->recv  p50 ${f(percentile(latencies, 50))} ms, p90 ${f(percentile(latencies, 90))} ms, p99 ${f(percentile(latencies, 99))} ms, max ${f(latencies.at(-1) ?? NaN)} ms`,
);
console.log(
  `ingested->sent  p50 ${f(percentile(pickup, 50))} ms, p99 ${f(percentile(pickup, 99))} ms (bus commit to the worker starting the attempt)`,
);
console.log(
  `attempt         p50 ${f(percentile(attemptMs, 50))} ms, p99 ${f(percentile(attemptMs, 99))} ms (request to response, in the worker)`,
);
console.log(
  `runtime loop    delay p50 ${f(loopDelay.percentile(50) / 1e6)} ms, p99 ${f(loopDelay.percentile(99) / 1e6)} ms, max ${f(loopDelay.max / 1e6)} ms (while sending)`,
);
process.exitCode = report.unique >= acceptedAt.size ? 0 : 1;
