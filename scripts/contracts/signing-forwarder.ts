// Sits between the Pact verifier and the partner's endpoint. Every request the verifier sends is
// signed as the marketplace signs it (Standard Webhooks, the delivery's own signer) over the
// exact bytes forwarded, with a fresh timestamp and a fresh `webhook-id` (the pact's example
// values would be refused as stale, or dropped as duplicates), and sent to the endpoint URL.
//
// Why a forwarder and not pact-js's `requestFilter`: pact-js's proxy has no error handler, so an
// unreachable or crashing partner would kill the process; here a network error becomes a 502
// whose reason the report can give in a partner's words.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { webhookHeaders } from '../../services/delivery/webhook-signature.ts';

export type SigningMode = 'partner-secret' | 'other-secret';

/** A valid Standard Webhooks secret that no partner holds (it is public: it is in this file). */
export const OTHER_SECRET = `whsec_${Buffer.from('portico verify-partner: not your secret').toString('base64')}`;

/** Marks a 502 the forwarder made up because the endpoint could not be reached. */
export const FORWARD_ERROR_HEADER = 'x-portico-forward-error';

export interface ForwarderOptions {
  secret: string;
  /** The partner's endpoint URL; the pact's path `/` is this URL itself. */
  endpoint: URL;
  /** Extra headers for every request, e.g. the connection's `X-Api-Key`. */
  headers?: Readonly<Record<string, string>>;
  mode: () => SigningMode;
  timeoutMs?: number;
}

export interface RunningForwarder {
  readonly url: string;
  /** Network errors met, in order: `connect ECONNREFUSED 127.0.0.1:9`. */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function startSigningForwarder(options: ForwarderOptions): Promise<RunningForwarder> {
  const errors: string[] = [];
  const extra = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const server = createServer((req, res) => void forward(req, res));

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const target = new URL(options.endpoint);
    const incoming = new URL(req.url ?? '/', 'http://verifier');
    if (incoming.pathname !== '/')
      target.pathname = `${target.pathname.replace(/\/$/, '')}${incoming.pathname}`;
    target.search = incoming.search;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !['host', 'connection', 'content-length'].includes(k)) headers[k] = String(v);
    }
    Object.assign(
      headers,
      extra,
      signatureHeaders(options.mode() === 'partner-secret' ? options.secret : OTHER_SECRET, body),
    );
    try {
      const answer = await request(target, {
        method: (req.method ?? 'POST') as 'POST',
        headers,
        body,
        headersTimeout: options.timeoutMs ?? 10_000,
        bodyTimeout: options.timeoutMs ?? 10_000,
      });
      const out = Buffer.from(await answer.body.arrayBuffer());
      const back: Record<string, string> = {};
      for (const [k, v] of Object.entries(answer.headers)) {
        if (v !== undefined && !['connection', 'transfer-encoding', 'keep-alive'].includes(k))
          back[k] = String(v);
      }
      res.writeHead(answer.statusCode, back).end(out);
    } catch (error) {
      const reason = networkReason(error);
      errors.push(reason);
      res.writeHead(502, { 'content-type': 'text/plain', [FORWARD_ERROR_HEADER]: reason }).end(reason);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    errors,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function signatureHeaders(secret: string, body: Buffer): Record<string, string> {
  return webhookHeaders({
    webhookId: `msg_${randomUUID()}`,
    timestamp: Math.floor(Date.now() / 1000),
    body: body.toString('utf8'),
    secrets: [secret],
  });
}

function networkReason(error: unknown): string {
  const e = error as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  const inner = e.cause?.message ?? e.message ?? String(error);
  const code = e.cause?.code ?? e.code;
  return code && !inner.includes(code) ? `${inner} (${code})` : inner;
}
