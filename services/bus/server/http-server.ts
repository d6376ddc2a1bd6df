import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalBus } from '../local-bus.ts';
import { AwsError } from './aws-error.ts';
import { invokeOperation } from './invoke-operation.ts';
import { readBody } from './read-body.ts';
import { busInRegion } from '../region-view.ts';
import { signedRegion } from './credential-scope.ts';

/** A handler mounted on a path prefix (`/api/...`, `/_portico/...`): it owns the whole request. */
export type MountedHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface BusServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  /** Mounts a handler for every request whose path starts with `prefix` (longest prefix wins). */
  mount(prefix: string, handler: MountedHandler): void;
  /** Serves `GET /` to browsers (Accept: text/html): the console. API clients keep the AWS protocol. */
  setBrowserRoot(handler: MountedHandler): void;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';

/**
 * The bus's HTTP face: EventBridge's JSON 1.1 protocol on `POST /` (`X-Amz-Target: AWSEvents.<Op>`), any
 * SigV4 signature accepted, plus handlers mounted by path prefix. Never answers a bare crash: AWS errors
 * get their `{__type, message}` body, anything unexpected is logged and answered as InternalException.
 */
export async function startBusServer(
  bus: LocalBus,
  opts: { port?: number; host?: string } = {},
): Promise<BusServer> {
  const mounts: [string, MountedHandler][] = [];
  let browserRoot: MountedHandler | undefined;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const browser = path === '/' && req.method === 'GET' && /text\/html/.test(req.headers.accept ?? '');
    const mounted: [string, MountedHandler] | undefined =
      browser && browserRoot ? ['/', browserRoot] : mounts.find(([prefix]) => path.startsWith(prefix));
    const handling = mounted ? Promise.resolve(mounted[1](req, res)) : handleAws(bus, req, res);
    handling.catch((error: unknown) => {
      bus.logger.error({ err: error, path }, 'request failed');
      if (!res.headersSent) sendError(res, new AwsError('InternalException', 'Internal error.', 500));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4010, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://${address}:${port}`,
    setBrowserRoot(handler) {
      browserRoot = handler;
    },
    mount(prefix, handler) {
      mounts.push([prefix, handler]);
      mounts.sort((a, b) => b[0].length - a[0].length);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Keep-alive clients that keep sending would hold the server open: after a grace period, cut them.
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}

async function handleAws(bus: LocalBus, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    if (req.method !== 'POST') {
      throw new AwsError(
        'UnknownOperationException',
        `${req.method ?? 'GET'} ${req.url ?? '/'} is not an EventBridge operation.`,
        404,
      );
    }
    // ARNs and events carry the region the caller signed for (docs/local-bus.md, "Differences from AWS").
    const output = await invokeOperation(
      busInRegion(bus, signedRegion(req.headers)),
      headerValue(req, 'x-amz-target'),
      body.toString('utf8'),
    );
    const text = JSON.stringify(output ?? {});
    res.writeHead(200, {
      'content-type': JSON_11,
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(text);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    sendError(res, error);
  }
}

function sendError(res: ServerResponse, error: AwsError): void {
  const text = JSON.stringify({ __type: error.code, message: error.message });
  res.writeHead(error.status, {
    'content-type': JSON_11,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': error.code,
  });
  res.end(text);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
