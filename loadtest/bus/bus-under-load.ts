// The bus side of the load test, run in its own process (fork) so the generator has the other core:
// the runtime on a fresh data dir, 1,000 rules on bus `load`, its port and RSS reported over IPC.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startRuntime } from '../../services/runtime/dev-runtime.ts';
import { loadRules } from './load-rules.ts';

const rules = Number(process.env.LOAD_RULES ?? 1000);
const deliver = process.env.LOAD_DELIVER === '1';
const runtime = await startRuntime({
  port: 0,
  dataDir: mkdtempSync(join(tmpdir(), 'portico-load-')),
  catalog: false,
  deliver,
  logger: pino({ level: 'warn' }),
});
const { bus } = runtime;
loadRules(bus, rules);
process.send?.({ port: runtime.port });
setInterval(() => process.send?.({ rss: process.memoryUsage().rss }), 250).unref();
process.on('disconnect', () => {
  void runtime.close().then(() => process.exit(0));
});
