// A real local HTTP server for tests, answering from a script: each request takes the next step
// (or the last one, repeated). Steps fail in the ways partners do: statuses, Retry-After, hanging,
// resetting the connection, sending the body slowly.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step =
  | { status: number; body?: string; headers?: Record<string, string> }
  | { hang: true }
  | { reset: true }
  | { slowBody: true; status: number; chunks: number; everyMs: number };

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedServer {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
  setScript(steps: Step[]): void;
}

export async function startScriptedServer(
  steps: Step[],
  /** Answers a request itself (after it is recorded) when it returns true. */
  handle?: (req: ReceivedRequest, res: ServerResponse) => boolean,
): Promise<ScriptedServer> {
  let script = steps;
  let index = 0;
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(r);
      if (handle?.(r, res)) return;
      const step = script[Math.min(index++, script.length - 1)] ?? { status: 200 };
      if ('hang' in step) return;
      if ('reset' in step) return req.socket.destroy();
      if ('slowBody' in step) {
        res.writeHead(step.status);
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed || ++sent > step.chunks) {
            clearInterval(timer);
            return res.end();
          }
          res.write('x'.repeat(100));
        }, step.everyMs);
        return;
      }
      res.writeHead(step.status, step.headers);
      res.end(step.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    setScript(next) {
      script = next;
      index = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
