// The stack a load test runs against when no --target is given: the local runtime of `portico dev`
// (bus, delivery worker, HTTP server) started in-process on a free loopback port with a throwaway data
// directory, and the catalogue's rules installed with every partner's endpoint pointing at a sink.
//
// Two deliberate departures from the catalogue, both so that the run measures Portico and not the
// partners' contracts: each destination's rate limit is lifted (the catalogue's 5-100/s per partner
// would queue deliveries by design at 1,200 events/s), and polling partners get a webhook to a sink
// like the others (their queue is the same routing; a sink is where the arrival can be timed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CatalogModel, Rule } from '../../generated/catalog-model.ts';
import { startPartnerSinks, type PartnerSinks } from './partner-sinks.ts';

export const LIFTED_RATE_LIMIT_PER_SECOND = 1_000_000;

export interface LocalStack {
  url: string;
  sinks: PartnerSinks;
  /** Partner API keys for the Marketplace API, when the stack mounts it (none yet: see the report). */
  apiKeys: string[];
  /** What the stack changed from the catalogue, for the summary. */
  notes: string[];
  close(): Promise<void>;
}

/** The catalogue's rules with each target rewritten to the partner's sink. */
export function sinkRules(rules: readonly Rule[], sinks: Pick<PartnerSinks, 'endpoint'>): Rule[] {
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

export async function startLocalStack(model: CatalogModel): Promise<LocalStack> {
  const { startRuntime } = await import('../../services/runtime/dev-runtime.ts');
  const { installCatalogRules } = await import('../../services/bus/catalog/install-catalog-rules.ts');
  const sinks = await startPartnerSinks(model.partners.map((p) => p.id));
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-loadtest-'));
  const runtime = await startRuntime({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    catalog: false,
    logger: pino({ level: 'silent' }),
  });
  // No secrets from this shell: the bus's dev placeholders sign and authenticate the sinks' calls.
  const report = installCatalogRules(runtime.bus, { ...model, rules: sinkRules(model.rules, sinks) }, {});
  if (report.skipped.length > 0)
    throw new Error(
      `local stack: rules not installed: ${report.skipped.map((s) => `${s.rule} (${s.reason})`).join('; ')}`,
    );
  return {
    url: runtime.url,
    sinks,
    apiKeys: [],
    notes: [
      `local stack on ${runtime.url}: ${report.rules} catalogue rules, endpoints pointed at partner sinks`,
      'destination rate limits lifted; polling partners delivered by webhook to their sink',
    ],
    close: async () => {
      await runtime.close();
      await sinks.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
