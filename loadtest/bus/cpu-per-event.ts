// CPU cost of accepting events, independent of how busy the machine is: in-process putEvents on the
// runtime's bus (1,000 rules, one delivery per event, SQLite file, synchronous = FULL), 10-entry
// batches, `--concurrency` batches at once so the commit queue groups them. Prints events per CPU-second
// (this process's user + system time) and wall-clock events/s. Bounded by --events.
//   npx tsx loadtest/bus/cpu-per-event.ts [--events 100000] [--concurrency 32]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { putEvents } from '../../services/bus/ingest.ts';
import { startRuntime } from '../../services/runtime/dev-runtime.ts';
import { loadBatches, loadRules } from './load-rules.ts';

const { values: a } = parseArgs({
  options: { events: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '32' } },
});
const total = Number(a.events);
const concurrency = Number(a.concurrency);
const dataDir = mkdtempSync(join(tmpdir(), 'portico-cpu-'));
const runtime = await startRuntime({
  port: 0,
  dataDir,
  catalog: false,
  deliver: false,
  logger: pino({ level: 'warn' }),
});
loadRules(runtime.bus, 1000);
const batches = loadBatches();
let sent = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (sent < total) {
      const batch = batches[(sent / 10) % batches.length]!;
      sent += 10;
      await putEvents(runtime.bus, batch);
    }
  }),
);
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `${sent} events: ${Math.round(sent / cpuSeconds)} events per CPU-second (user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s), ${Math.round(sent / wall)} events/s wall, deliveries ${runtime.deliveryQueue.openCount()}`,
);
await runtime.close();
rmSync(dataDir, { recursive: true, force: true });
