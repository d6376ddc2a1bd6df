// The demo partners `npm start` runs beside the marketplace: a webhook server on each webhook
// partner's test endpoint port (the partner files' `127.0.0.1:41NN`), one of them failing a share
// of its deliveries, and a poller for each partner that polls. A port already taken is reported
// and skipped, so a second stack (or a test) does not stop the first.
import type { Logger } from '../api-gateway/logger.ts';
import type { Environment } from '../request-store/request-store.ts';
import { startPollPartner, type RunningPoller } from './poll-partner.ts';
import type { ExpectedAuth } from './partner-auth.ts';
import { startWebhookPartner, type RunningPartner } from './webhook-partner.ts';

export interface DemoPartnerSpec {
  id: string;
  delivery: 'webhook' | 'poll';
  environments: Record<Environment, { endpoint?: string }>;
}

export interface DemoPartnersOptions {
  partners: readonly DemoPartnerSpec[];
  apiUrl: string;
  apiKey: (partner: string, environment: Environment) => string;
  secrets: (partner: string) => readonly string[];
  /** The credentials each partner's test connection sends. */
  auth: (partner: string) => ExpectedAuth | undefined;
  /** The partner that fails a share of its deliveries (default printworks, 30%). */
  flaky?: { id: string; share: number };
  log: Logger;
}

export interface DemoPartners {
  webhooks: RunningPartner[];
  pollers: RunningPoller[];
  lines: string[];
  close(): Promise<void>;
}

export async function startDemoPartners(opts: DemoPartnersOptions): Promise<DemoPartners> {
  const flaky = opts.flaky ?? { id: 'printworks', share: 0.3 };
  const webhooks: RunningPartner[] = [];
  const pollers: RunningPoller[] = [];
  const lines: string[] = [];
  for (const p of opts.partners) {
    if (p.delivery === 'poll') {
      pollers.push(
        startPollPartner({
          id: p.id,
          apiUrl: opts.apiUrl,
          apiKey: opts.apiKey(p.id, 'test'),
          decide: (r) =>
            r['country'] === 'IE'
              ? { status: 'declined', reason: `${p.id} does not lend in Ireland yet.` }
              : { status: 'accepted' },
          onStatus: (requestId, status) =>
            opts.log.info({ partner: p.id, requestId, status }, 'demo poll partner posted a status'),
          onError: (error) =>
            opts.log.warn({ partner: p.id, err: error }, 'demo poll partner failed to poll'),
        }),
      );
      lines.push(`  ${p.id.padEnd(12)} polls ${opts.apiUrl}/requests every second (test key)`);
      continue;
    }
    const endpoint = p.environments.test.endpoint ? new URL(p.environments.test.endpoint) : undefined;
    if (!endpoint || endpoint.hostname !== '127.0.0.1') continue;
    const failShare = p.id === flaky.id ? flaky.share : 0;
    try {
      webhooks.push(
        await startWebhookPartner({
          id: p.id,
          port: Number(endpoint.port),
          secrets: () => opts.secrets(p.id),
          auth: () => opts.auth(p.id),
          failShare,
          onDelivery: (d) =>
            opts.log.info(
              { partner: d.partner, eventId: d.eventId, outcome: d.outcome },
              'demo partner received a delivery',
            ),
        }),
      );
      lines.push(
        `  ${p.id.padEnd(12)} ${endpoint.href}${failShare > 0 ? `  (fails ${Math.round(failShare * 100)}% with 503, to show retries)` : ''}`,
      );
    } catch (error) {
      lines.push(`  ${p.id.padEnd(12)} not started: ${endpoint.host} ${(error as Error).message}`);
    }
  }
  return {
    webhooks,
    pollers,
    lines,
    close: async () => {
      await Promise.all([...webhooks.map((w) => w.close()), ...pollers.map((p) => p.close())]);
    },
  };
}
