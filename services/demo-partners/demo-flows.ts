// `portico demo`: drives flows A and B against a running `npm start`, over HTTP only, and reports
// each step: request placed, routed to which partners, delivered, status posted, user notified.
// Partner API keys come from the dev seed in the data dir, as `npm start` derived them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveDevApiKey } from '../marketplace-api/api-keys.ts';

export interface DemoOptions {
  baseUrl: string;
  dataDir: string;
  print: (line: string) => void;
  timeoutMs?: number;
}

type Json = Record<string, unknown>;

export class DemoError extends Error {}

export async function runDemo(opts: DemoOptions): Promise<void> {
  const seedFile = join(opts.dataDir, 'dev-seed');
  if (!existsSync(seedFile))
    throw new DemoError(`${seedFile} not found: start the marketplace first (npm start), or pass --data-dir`);
  const seed = Buffer.from(readFileSync(seedFile, 'utf8').trim(), 'hex');
  const key = (partner: string) => deriveDevApiKey(seed, partner, 'test');
  const say = opts.print;
  const timeout = opts.timeoutMs ?? 20_000;

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Json> {
    const res = await fetch(`${opts.baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }).catch((error: Error) => {
      throw new DemoError(`${method} ${opts.baseUrl}${path}: ${error.message} (is \`npm start\` running?)`);
    });
    const text = await res.text();
    if (!res.ok) throw new DemoError(`${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as Json;
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const end = Date.now() + timeout;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > end) throw new DemoError(`gave up waiting for ${what} after ${timeout / 1000}s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function deliveriesTo(partner: string, port: number, requestId: string): Promise<string | undefined> {
    const res = await fetch(`http://127.0.0.1:${port}/received`);
    const items = ((await res.json()) as { items: { detail: Json; outcome: string }[] }).items.filter(
      (d) => d.detail['request_id'] === requestId,
    );
    if (!items.some((d) => d.outcome === 'accepted')) return undefined;
    const failed = items.filter((d) => d.outcome === 'failed-on-purpose').length;
    return `${partner} received it, signature verified${failed > 0 ? ` (after answering 503 ${failed}x: the bus retried)` : ''}`;
  }

  async function deliveredByLog(partner: string, requestId: string): Promise<string | undefined> {
    const query = new URLSearchParams({ partner, request: requestId, status: 'succeeded' });
    const log = await call('GET', `/_portico/deliveries?${query}`);
    return (log['deliveries'] as unknown[]).length > 0
      ? `${partner} received it (the local stand-in of its staging endpoint checked the signature)`
      : undefined;
  }

  async function follow(requestId: string, notifications: number): Promise<Json> {
    return until(`${notifications} notification(s)`, async () => {
      const view = await call('GET', `/portal/requests/${requestId}`);
      return (view['notifications'] as unknown[]).length >= notifications ? view : undefined;
    });
  }

  say('Flow A: a user places a request; the catalogue routes it to the partners that fulfil it');
  const user = await call('POST', '/portal/users', {
    email: 'camille@example.org',
    phone: '+33612345678',
    country: 'FR',
    preferred_channel: 'email',
  });
  say(`  1. user registered            ${String(user['user_id'])}`);
  const upload = await fetch(`${opts.baseUrl}/portal/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf' },
    body: '%PDF-1.7 demo passport',
  });
  const doc = (await upload.json()) as Json;
  say(`  2. document stored            ${String(doc['key'])}`);
  const placed = await call('POST', '/portal/requests', {
    user_id: user['user_id'],
    request_types: ['laptops', 'printing'],
    country: 'FR',
    amount: 1450.5,
    currency: 'EUR',
    environment: 'test',
    documents: [{ kind: 'id-passport', key: doc['key'] }],
  });
  const requestId = String(placed['request_id']);
  say(`  3. request placed             ${requestId} (laptops + printing, FR, 1450.50 EUR, test)`);
  const routed = await until('the request store', async () => {
    const view = await call('GET', `/portal/requests/${requestId}`);
    return (view['partners'] as unknown[]).length > 0
      ? (view['partners'] as { partner: string; environment: string }[])
      : undefined;
  });
  say(`  4. routed to                  ${routed.map((p) => `${p.partner} (${p.environment})`).join(', ')}`);
  // TechHub's test environment is a staging host on the internet, answered locally by the stand-in
  // (it checks credentials and signature): its delivery is read from the bus's delivery log.
  say(
    `  5. delivered                  ${await until('the delivery to techhub', () => deliveredByLog('techhub', requestId))}`,
  );
  say(
    `  5. delivered                  ${await until('the delivery to printworks', () => deliveriesTo('printworks', 4102, requestId))}`,
  );

  say('Flow B: the partner reports status; the user is told');
  for (const status of ['in-progress', 'accepted']) {
    const res = await call(
      'POST',
      `/api/requests/${requestId}/status`,
      { status },
      { 'x-api-key': key('techhub'), 'idempotency-key': `demo-${requestId}-${status}` },
    );
    say(`  6. techhub posted             ${String(res['previous_status'])} -> ${String(res['status'])}`);
  }
  const view = await follow(requestId, 2);
  for (const n of (view['notifications'] as Json[]).filter((x) => x['template'] !== 'welcome')) {
    say(
      `  7. user notified              ${String(n['channel'])} to ${String(n['recipient'])}: "${String(n['text'])}"`,
    );
  }

  say('Flow A + B with a partner that polls instead of hosting an API');
  const loan = await call('POST', '/portal/requests', {
    user_id: user['user_id'],
    request_types: ['loans'],
    country: 'GB',
    amount: 9000,
    currency: 'GBP',
    environment: 'test',
  });
  const loanId = String(loan['request_id']);
  say(`  1. request placed             ${loanId} (loans, GB, 9000 GBP, test)`);
  const answered = await until('ledgerline to poll and answer', async () => {
    const res = await call('GET', `/api/requests/${loanId}`, undefined, { 'x-api-key': key('ledgerline') });
    return res['status'] === 'accepted' || res['status'] === 'declined' ? String(res['status']) : undefined;
  });
  say(`  2. ledgerline polled GET /api/requests?status=new and posted in-progress, then ${answered}`);
  const loanView = await follow(loanId, 2);
  for (const n of loanView['notifications'] as Json[])
    say(`  3. user notified              ${String(n['channel'])}: "${String(n['text'])}"`);
  say(
    `Isolation: techhub's key reading ledgerline's request answers ${(await fetch(`${opts.baseUrl}/api/requests/${loanId}`, { headers: { 'x-api-key': key('techhub') } })).status}`,
  );
  say('Flows A and B completed.');
}

/** The dev API keys `npm start` derived, for a human to try the API with curl. */
export function devApiKeys(
  dataDir: string,
  partners: readonly string[],
): { partner: string; environment: 'prod' | 'test'; key: string }[] {
  const seedFile = join(dataDir, 'dev-seed');
  if (!existsSync(seedFile))
    throw new DemoError(`${seedFile} not found: start the marketplace first (npm start)`);
  const seed = Buffer.from(readFileSync(seedFile, 'utf8').trim(), 'hex');
  return partners.flatMap((partner) =>
    (['prod', 'test'] as const).map((environment) => ({
      partner,
      environment,
      key: deriveDevApiKey(seed, partner, environment),
    })),
  );
}
