// The stack a load test runs against when no --target is given: the local runtime of `portico dev`
// (bus, delivery worker, HTTP server) started in-process on a free loopback port with a throwaway data
// directory, and the catalogue's rules installed with every partner's endpoint pointing at a sink.
//
// Two deliberate departures from the catalogue, both so that the run measures Portico and not the
// partners' contracts: each destination's rate limit is lifted (the catalogue's 5-100/s per partner
// would queue deliveries by design at 1,200 events/s), and polling partners get a webhook to a sink
// like the others (their queue is the same routing; a sink is where the arrival can be timed).
//
// The marketplace services run on the same bus (`startMarketplace`, as `portico dev` starts them, demo
// partners off: the sinks stand in for partners), so the partners' part of a scenario polls, reads and
// posts statuses on requests the run really placed. A third departure: the Marketplace API's
// per-partner rate limit (20/s, burst 40) is raised to LOADTEST_API_RATE, since the load test's
// partners are a handful of API keys carrying what hundreds of partners would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import pino from 'pino';
import type { CatalogModel, Rule } from '../../generated/catalog-model.ts';

export const LIFTED_RATE_LIMIT_PER_SECOND = 1_000_000;
/** The Marketplace API's per-partner (per API key) token bucket during a load test. */
export const LOADTEST_API_RATE = Object.freeze({ perSecond: 100_000, burst: 100_000 });

/** What became of the statuses partners posted: recorded, and routed to the marketplace's consumers. */
export interface StatusRouting {
  /** Journeys whose last status (201) the request store shows for that partner. */
  recorded: number;
  /** Journeys whose last status the request store does not show. */
  notRecorded: number;
  /** Deliveries to the marketplace's consumer functions (request store, portal, notifier), by status. */
  consumers: Record<string, { succeeded: number; open: number; failed: number; retried: number }>;
  /** Consumer deliveries failed or dead-lettered, plus retried attempts: 0 when every event routed cleanly. */
  failed: number;
}

export interface LocalStack {
  url: string;
  /** The Marketplace API's own thread (`<origin>`; the API is under /api), where partners call it. */
  apiTarget: string | undefined;
  /** Event-loop utilisation of the stack's threads since `since` (each thread's own marks). */
  utilisation(since?: StackUtilisation): StackUtilisation;
  /** Partner API keys for the Marketplace API: every catalogue partner, prod and test. */
  apiKeys: string[];
  /** The API key of each `<partner>/<env>`, so that a partner answers the requests it was sent. */
  keysByTarget: Record<string, string>;
  /** Waits (up to `timeoutMs`) for the consumers to settle, then checks the answered journeys. */
  statusRouting(
    answered: readonly { requestId: string; apiKey: string; status: string }[],
    timeoutMs: number,
  ): Promise<StatusRouting>;
  /** What the stack changed from the catalogue, for the summary. */
  notes: string[];
  close(): Promise<void>;
}

/** Each thread's event-loop utilisation (perf_hooks), keyed by what runs on it. */
export type StackUtilisation = Record<string, EventLoopUtilization>;

/** Where a partner's deliveries go in a load test: its sink in the load process (load-process.ts). */
export interface PartnerSinks {
  endpoint(partner: string, environment: string): string;
}

/** The catalogue's rules with each target rewritten to the partner's sink. */
export function sinkRules(rules: readonly Rule[], sinks: PartnerSinks): Rule[] {
  return rules.map((rule) => ({
    ...rule,
    target: {
      ...rule.target,
      kind: 'api-destination' as const,
      endpoint: sinks.endpoint(rule.partner, rule.environment),
      auth: undefined,
      rateLimitPerSecond: LIFTED_RATE_LIMIT_PER_SECOND,
    },
  }));
}

export async function startLocalStack(model: CatalogModel, sinks: PartnerSinks): Promise<LocalStack> {
  const { startRuntime } = await import('../../services/runtime/dev-runtime.ts');
  const { installCatalogRules } = await import('../../services/bus/catalog/install-catalog-rules.ts');
  const { startMarketplace } = await import('../../services/marketplace/start-marketplace.ts');
  const { SqliteRequestStore } = await import('../../services/request-store/sqlite-request-store.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-loadtest-'));
  const logger = pino({ level: 'silent' });
  // PORTICO_SENDER_THREAD=1: partners' HTTP exchanges in a thread of their own (delivery/sender-thread.ts).
  // Off by default: measured on this 2-core machine (docs/delivery.md, The sender thread), it moved undici's
  // work off the main thread but the hand-off cost as much, and the stack used ~9 % more CPU per event.
  const runtime = await startRuntime({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    catalog: false,
    logger,
    delivery: { senderThread: process.env.PORTICO_SENDER_THREAD === '1' },
  });
  // No secrets from this shell: the bus's dev placeholders sign and authenticate the sinks' calls.
  const report = installCatalogRules(runtime.bus, { ...model, rules: sinkRules(model.rules, sinks) }, {});
  if (report.skipped.length > 0)
    throw new Error(
      `local stack: rules not installed: ${report.skipped.map((s) => `${s.rule} (${s.reason})`).join('; ')}`,
    );
  const marketplace = await startMarketplace({
    runtime,
    dataDir,
    demoPartners: false,
    model,
    log: logger,
    rate: { ...LOADTEST_API_RATE },
    apiThreadPort: 0,
  });
  const owners = new Map(marketplace.apiKeys.map((k) => [k.key, k]));
  const store = new SqliteRequestStore(runtime.bus.db);
  const consumerDeliveries = () =>
    runtime.bus.db
      .prepare(
        `SELECT target_arn AS arn, status, count(*) AS n, sum(max(attempts - 1, 0)) AS retried
         FROM deliveries WHERE target_arn LIKE '%:function:%' GROUP BY target_arn, status`,
      )
      .all() as { arn: string; status: string; n: number; retried: number }[];
  const apiThread = marketplace.apiThread;
  const sender = runtime.senderThread;
  return {
    url: runtime.url,
    apiTarget: apiThread?.url,
    utilisation: (since) => ({
      'bus, delivery, consumers (main)': performance.eventLoopUtilization(
        since?.['bus, delivery, consumers (main)'],
      ),
      ...(apiThread ? { 'Marketplace API': apiThread.utilisation(since?.['Marketplace API']) } : {}),
      ...(sender ? { 'partner sends': sender.utilisation(since?.['partner sends']) } : {}),
    }),
    apiKeys: marketplace.apiKeys.map((k) => k.key),
    keysByTarget: Object.fromEntries(
      marketplace.apiKeys.map((k) => [`${k.partner}/${k.environment}`, k.key]),
    ),
    statusRouting: async (answered, timeoutMs) => {
      const until = Date.now() + timeoutMs;
      const open = () =>
        consumerDeliveries().some((r) => (r.status === 'pending' || r.status === 'in-flight') && r.n > 0);
      while (open() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      let recorded = 0;
      for (const a of answered) {
        const owner = owners.get(a.apiKey);
        const seen = owner && (await store.findForPartner(a.requestId, owner.partner, owner.environment));
        if (seen && seen.status === a.status) recorded += 1;
      }
      const consumers: StatusRouting['consumers'] = {};
      let failed = 0;
      for (const r of consumerDeliveries()) {
        const name = r.arn.slice(r.arn.lastIndexOf(':') + 1);
        const c = (consumers[name] ??= { succeeded: 0, open: 0, failed: 0, retried: 0 });
        if (r.status === 'succeeded') c.succeeded += r.n;
        else if (r.status === 'pending' || r.status === 'in-flight') c.open += r.n;
        else c.failed += r.n;
        c.retried += r.retried;
        failed += (r.status === 'failed' || r.status === 'dead-lettered' ? r.n : 0) + r.retried;
      }
      return { recorded, notRecorded: answered.length - recorded, consumers, failed };
    },
    notes: [
      `local stack on ${runtime.url}: ${report.rules} catalogue rules, endpoints pointed at partner sinks (in the load process, beside the runner)`,
      'destination rate limits lifted; polling partners delivered by webhook to their sink',
      `marketplace services mounted (${marketplace.apiUrl}, ${marketplace.apiKeys.length} partner API keys, demo partners off); ` +
        `partners call the API's own thread (${marketplace.apiThreadUrl ?? marketplace.apiUrl}); ` +
        `API rate limit per partner raised to ${LOADTEST_API_RATE.perSecond}/s, burst ${LOADTEST_API_RATE.burst}`,
    ],
    close: async () => {
      await marketplace.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
