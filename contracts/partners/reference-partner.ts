// A correct partner webhook endpoint, as catalog/openapi/partner-webhook.yaml asks: it checks the
// Standard Webhooks signature with the `standardwebhooks` library (an implementation independent
// of the marketplace's own signer, so the two are proven to agree), refuses a bad one with 403,
// deduplicates on `webhook-id`, and acknowledges with `{"received": true}`.
// The broken partners are this one with one `fault` each.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type PartnerFault = 'none' | 'wrong-status' | 'missing-field' | 'no-signature-check';

export interface PartnerOptions {
  secret: string;
  /** The endpoint's path; the marketplace POSTs to the endpoint URL itself. */
  path?: string;
  fault?: PartnerFault;
}

export interface RunningPartner {
  /** The endpoint URL to give `portico verify-partner --base-url`. */
  readonly url: string;
  /** Events accepted, in order (the `detail` of each). */
  readonly received: unknown[];
  close(): Promise<void>;
}

export async function startPartner(options: PartnerOptions, port = 0): Promise<RunningPartner> {
  const path = options.path ?? '/webhook';
  const webhook = new Webhook(options.secret);
  const seen = new Set<string>();
  const received: unknown[] = [];
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => answer(res, 500, { title: 'Internal Server Error', status: 500 }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://partner').pathname !== path) {
      return answer(res, 404, { title: 'Not Found', status: 404 });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (options.fault !== 'no-signature-check') {
      try {
        webhook.verify(raw, req.headers as Record<string, string>);
      } catch (error) {
        return answer(res, 403, { title: 'Forbidden', status: 403, detail: (error as Error).message });
      }
    }
    const id = String(req.headers['webhook-id']);
    if (!seen.has(id)) {
      seen.add(id);
      received.push((JSON.parse(raw) as { detail?: unknown }).detail);
    }
    if (options.fault === 'wrong-status') return answer(res, 400, { received: true });
    if (options.fault === 'missing-field') return answer(res, 200, {});
    return answer(res, 200, { received: true });
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}${path}`,
    received,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
