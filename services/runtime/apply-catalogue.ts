// A changed catalogue, applied to the running stack (`portico dev` reloads catalog/ on save): the
// routing rules, connections and API destinations through the same install as at start (which keeps
// what partners changed through the API), then the marketplace's partner keys, partner registry and
// consumer rules. What changed is read back from the bus, so the lines say what ListRules and
// ListApiDestinations now show.
import type { CatalogModel } from '../../generated/catalog-model.ts';
import { installCatalogRules, type InstallReport } from '../bus/catalog/install-catalog-rules.ts';
import type { LocalBus } from '../bus/local-bus.ts';

export interface CatalogueConsumer {
  /** The marketplace's part: partner keys, registry, routing assignment, consumer rules. */
  reload(model: CatalogModel): Promise<void>;
}

export interface AppliedCatalogue {
  report: InstallReport;
  /** `+ rule portico-newco-prod`, `~ api-destination portico-x-prod`, `- rule …`: one line a change. */
  changes: string[];
}

export async function applyCatalogue(
  bus: LocalBus,
  model: CatalogModel,
  consumer?: CatalogueConsumer,
): Promise<AppliedCatalogue> {
  const before = snapshot(bus);
  const report = installCatalogRules(bus, model);
  await consumer?.reload(model);
  return { report, changes: differences(before, snapshot(bus)) };
}

type Snapshot = Map<string, string>;

/** Every rule (with its targets), connection and API destination, as comparable text by kind and name. */
function snapshot(bus: LocalBus): Snapshot {
  const out: Snapshot = new Map();
  for (const b of bus.buses.list()) {
    for (const r of bus.rules.list(b.name)) {
      const { eventPattern, state, description, targets } = r;
      out.set(`rule ${r.name}`, JSON.stringify({ eventPattern, state, description, targets }));
    }
  }
  for (const c of bus.connections.list())
    out.set(`connection ${c.name}`, JSON.stringify([c.authorizationType, c.authParameters, c.description]));
  for (const d of bus.apiDestinations.list()) {
    const { endpoint, httpMethod, invocationRateLimitPerSecond, webhookSecrets, connectionArn } = d;
    out.set(
      `api-destination ${d.name}`,
      JSON.stringify({ endpoint, httpMethod, invocationRateLimitPerSecond, webhookSecrets, connectionArn }),
    );
  }
  return out;
}

function differences(before: Snapshot, after: Snapshot): string[] {
  const lines: string[] = [];
  for (const [key, value] of after) {
    const was = before.get(key);
    if (was === undefined) lines.push(`+ ${key}`);
    else if (was !== value) lines.push(`~ ${key}`);
  }
  for (const key of before.keys()) if (!after.has(key)) lines.push(`- ${key}`);
  const order = (line: string) => ['rule', 'connection', 'api-destination'].indexOf(line.split(' ')[1]!);
  return lines.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}
