// Partner sinks: one HTTP server per partner on a free loopback port, standing in for the partner's
// webhook in every environment (`/<env>`). Each receipt (the event id and when it arrived) goes to
// `onReceipt` as it arrives: the routing check (routing-check.ts RoutingTally) keeps no list of them. A
// load test runs them in the load process (load-process.ts), as partners are not in the stack's either.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clock } from './metrics.ts';

export interface Receipt {
  eventId: string;
  /** `<partner>/<env>` */
  target: string;
  /** clock() when the body had arrived. */
  at: number;
}

export interface PartnerSinks {
  /** The endpoint of a partner's environment. */
  endpoint(partner: string, environment: string): string;
  /** Receipts so far. */
  readonly received: number;
  /** Bodies that were not an event with an id. */
  readonly malformed: number;
  close(): Promise<void>;
}

export async function startPartnerSinks(
  partners: readonly string[],
  onReceipt: (receipt: Receipt) => void,
): Promise<PartnerSinks> {
  let received = 0;
  let malformed = 0;
  const servers = new Map<string, Server>();
  for (const partner of partners) {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = clock();
        const env = (req.url ?? '/').split('?')[0]!.slice(1);
        try {
          const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown }).id;
          if (typeof id === 'string') {
            received += 1;
            onReceipt({ eventId: id, target: `${partner}/${env}`, at });
          } else malformed += 1;
        } catch {
          malformed += 1;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    servers.set(partner, server);
  }
  return {
    endpoint(partner, environment) {
      const server = servers.get(partner);
      if (!server) throw new Error(`no sink for partner ${partner}`);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/${environment}`;
    },
    get received() {
      return received;
    },
    get malformed() {
      return malformed;
    },
    close: async () => {
      await Promise.all(
        [...servers.values()].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
