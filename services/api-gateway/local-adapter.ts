// The local stand-in for API Gateway's REST (v1) Lambda proxy integration: a node:http request
// becomes an APIGatewayProxyEvent for a `/{proxy+}` resource, the handler's result becomes the
// response. Each mount is a path prefix and a handler, so several Lambda-shaped services share one
// port (the bus's). Limits follow AWS: 6 MB, the synchronous Lambda payload limit.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';
import { HttpProblem, internalErrorResult, problemResult } from './problem.ts';
import type { ApiGatewayProxyEvent, ApiGatewayProxyResult, ProxyHandler } from './proxy-event.ts';

export interface Mount {
  /** `/api`: requests whose path is the prefix or starts with `<prefix>/`. */
  prefix: string;
  handler: ProxyHandler;
  functionName: string;
}

const maxBodyBytes = 6 * 1024 * 1024;
const textTypes = /^(text\/|application\/(json|[a-z.+-]*\+json|x-www-form-urlencoded|xml))/i;

export function proxyEvent(req: IncomingMessage, body: Buffer, prefix: string): ApiGatewayProxyEvent {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    const value = req.rawHeaders[i + 1] ?? '';
    headers[name] = value; // API Gateway keeps the last value in `headers`
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    (multiQuery[k] ??= []).push(v);
  }
  const binary =
    body.length > 0 && !textTypes.test(req.headers['content-type'] ?? 'application/octet-stream');
  const proxy = url.pathname.slice(prefix.length).replace(/^\//, '');
  return {
    resource: `${prefix}/{proxy+}`,
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters: Object.keys(multiQuery).length > 0 ? multiQuery : null,
    pathParameters: proxy ? { proxy } : null,
    stageVariables: null,
    requestContext: {
      requestId: randomUUID(),
      stage: 'local',
      httpMethod: req.method ?? 'GET',
      path: url.pathname,
      resourcePath: `${prefix}/{proxy+}`,
      requestTimeEpoch: Date.now(),
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
      },
    },
    body: body.length === 0 ? null : binary ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: binary,
  };
}

export function writeResult(res: ServerResponse, result: ApiGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = { ...result.headers };
  for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) headers[k] = v;
  const body = result.isBase64Encoded
    ? Buffer.from(result.body, 'base64')
    : Buffer.from(result.body ?? '', 'utf8');
  res.writeHead(result.statusCode, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

/** A request listener for the mounts: answers and returns true, or returns false when no mount matches. */
export function proxyListener(mounts: readonly Mount[], log: Logger) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const mount = mounts.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`));
    if (!mount) return false;
    try {
      const body = await readBody(req);
      const event = proxyEvent(req, body, mount.prefix);
      writeResult(
        res,
        await mount.handler(event, {
          awsRequestId: event.requestContext.requestId,
          functionName: mount.functionName,
        }),
      );
    } catch (error) {
      if (error instanceof HttpProblem) writeResult(res, problemResult(error, path));
      else {
        log.error({ err: error, path }, `${mount.functionName} failed outside its handler`);
        if (!res.headersSent) writeResult(res, internalErrorResult(path));
      }
    }
    return true;
  };
}

/** A server of its own for the mounts (tests, or running the services without the bus). */
export async function startAdapterServer(
  mounts: readonly Mount[],
  log: Logger,
  port = 0,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const handle = proxyListener(mounts, log);
  const server = createServer((req, res) => {
    void handle(req, res).then((handled) => {
      if (!handled)
        writeResult(
          res,
          problemResult(
            new HttpProblem(404, 'not-found', `Nothing is served at ${req.url}.`),
            req.url ?? '/',
          ),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes)
      throw new HttpProblem(413, 'content-too-large', `The body exceeds ${maxBodyBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
