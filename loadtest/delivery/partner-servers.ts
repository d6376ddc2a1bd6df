// Local partner servers for the delivery benchmarks, in their own process so that they do not share
// the worker's event loop: N HTTP servers on 127.0.0.1, each answering 204 and noting when each
// webhook-id first arrived. Prints {"ports":[...]} on stdout; on "report\n" from stdin prints
// {"received": n, "unique": n, "firstSeen": {webhookId: ms}} (firstSeen only with --timestamps).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

const count = Number(process.argv[2] ?? 100);
const keepTimestamps = process.argv.includes('--timestamps');
let received = 0;
const firstSeen = new Map<string, number>();

const ports = await Promise.all(
  Array.from({ length: count }, async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        const id = req.headers['webhook-id'];
        if (typeof id === 'string' && !firstSeen.has(id))
          firstSeen.set(id, keepTimestamps ? performance.timeOrigin + performance.now() : 0);
        res.writeHead(204);
        res.end();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as AddressInfo).port;
  }),
);
process.stdout.write(JSON.stringify({ ports }) + '\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'report') return;
  const out: Record<string, unknown> = { received, unique: firstSeen.size };
  if (keepTimestamps) out.firstSeen = Object.fromEntries(firstSeen);
  process.stdout.write(JSON.stringify(out) + '\n');
});
