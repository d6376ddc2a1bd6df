// A demo partner that hosts the partner webhook API (catalog/openapi/partner-webhook.yaml): it
// verifies each delivery's Standard Webhooks signature with the `standardwebhooks` package (any of
// its current secrets, as during a rotation) and the connection's credentials (partner-auth.ts),
// refuses either with 401, and answers 200, or 503
// for a share of requests to show the bus's retries. `GET /received` lists what it accepted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { PartnerAuth, type ExpectedAuth } from './partner-auth.ts';

export interface WebhookPartnerOptions {
  id: string;
  port: number;
  /** The secrets it accepts now (more than one during a rotation). */
  secrets: () => readonly string[];
  /** The credentials the marketplace must send (from the partner's connection); none: any. */
  auth?: () => ExpectedAuth | undefined;
  /** Share of deliveries answered 503, 0..1. */
  failShare?: number;
  random?: () => number;
  onDelivery?: (delivery: ReceivedDelivery) => void;
}

export interface ReceivedDelivery {
  partner: string;
  webhookId: string;
  eventId: string;
  detail: Record<string, unknown>;
  outcome: 'accepted' | 'failed-on-purpose' | 'bad-signature' | 'bad-credentials';
  at: string;
}

export interface RunningPartner {
  id: string;
  url: string;
  received: ReceivedDelivery[];
  close(): Promise<void>;
}

export async function startWebhookPartner(opts: WebhookPartnerOptions): Promise<RunningPartner> {
  const received: ReceivedDelivery[] = [];
  const random = opts.random ?? Math.random;
  const auth = new PartnerAuth(opts.auth ?? (() => undefined));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, {
          'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
        });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && req.url === '/received') return reply(200, { items: received });
      if (req.method !== 'POST') return reply(405, { title: 'Method Not Allowed', status: 405 });
      const payload = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      if (req.url === '/oauth2/token') {
        const token = auth.issueToken(headers);
        return token ? reply(200, token) : reply(401, { error: 'invalid_client' });
      }
      const authorised = auth.accepts(headers);
      const verified = opts.secrets().some((secret) => {
        try {
          new Webhook(secret).verify(payload, headers);
          return true;
        } catch {
          return false;
        }
      });
      let event: { id?: string; detail?: Record<string, unknown> } = {};
      try {
        event = JSON.parse(payload) as typeof event;
      } catch {
        // recorded with what there is
      }
      const failing = verified && authorised && random() < (opts.failShare ?? 0);
      const delivery: ReceivedDelivery = {
        partner: opts.id,
        webhookId: headers['webhook-id'] ?? '',
        eventId: event.id ?? '',
        detail: event.detail ?? {},
        outcome: !authorised
          ? 'bad-credentials'
          : !verified
            ? 'bad-signature'
            : failing
              ? 'failed-on-purpose'
              : 'accepted',
        at: new Date().toISOString(),
      };
      received.push(delivery);
      if (received.length > 1000) received.shift();
      opts.onDelivery?.(delivery);
      if (!authorised)
        return reply(401, {
          title: 'Unauthorized',
          status: 401,
          detail: 'The credentials are not the ones this partner expects.',
        });
      if (!verified)
        return reply(401, {
          title: 'Unauthorized',
          status: 401,
          detail: 'The webhook signature does not verify.',
        });
      if (failing)
        return reply(503, {
          title: 'Service Unavailable',
          status: 503,
          detail: 'Failing on purpose, to show retries.',
        });
      return reply(200, { received: true });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  // A demo partner never keeps the process alive on its own: `portico dev` stops when the bus does.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    id: opts.id,
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
