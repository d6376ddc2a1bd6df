// Partner files: a partner added or removed, its delivery or endpoints changed, and the routing
// table by request type before and after ("requests of type pens: before 3rdparty1, officenest;
// after 3rdparty1"). Which events a changed filter reaches is judged by impact-partners.ts.
import { ENVIRONMENTS, type PartnerEntry } from '../catalog/catalogue.ts';
import type { Finding } from './change.ts';
import { ruleNames } from './impact-partners.ts';
import type { Side } from './load-side.ts';

export interface RoutingRow {
  /** `requests of type pens` */
  readonly what: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export function partnerChanges(base: Side, head: Side): Finding[] {
  const out: Finding[] = [];
  const before = byId(base.catalogue.partners);
  const after = byId(head.catalogue.partners);
  for (const [id, p] of before) {
    if (!after.has(id))
      out.push({
        id: 'partner-removed',
        file: p.source.file,
        path: id,
        message: `partner ${id} removed`,
        impact: [
          `rules ${ruleNames(id)} deleted; fulfilled ${p.declaration.fulfils.request_types.join(', ')}`,
        ],
      });
  }
  for (const [id, p] of after) {
    const old = before.get(id);
    if (old === undefined) {
      out.push({
        id: 'partner-added',
        file: p.source.file,
        path: id,
        message: `partner ${id} added`,
        impact: [`rules ${ruleNames(id)} created; fulfils ${p.declaration.fulfils.request_types.join(', ')}`],
      });
      continue;
    }
    const a = old.declaration;
    const b = p.declaration;
    if (a.delivery !== b.delivery)
      out.push({
        id: 'partner-delivery-changed',
        file: p.source.file,
        path: `${id} delivery`,
        message: `${id} delivery ${a.delivery} → ${b.delivery}`,
      });
    for (const env of ENVIRONMENTS) {
      const ea = a.environments[env]?.endpoint;
      const eb = b.environments[env]?.endpoint;
      if (ea !== eb)
        out.push({
          id: 'partner-endpoint-changed',
          file: p.source.file,
          path: `${id} environments.${env}.endpoint`,
          message: `${id} ${env} endpoint ${ea ?? '(none)'} → ${eb ?? '(none)'}`,
        });
    }
  }
  return out;
}

/** Who gets requests of each type (production filters, by declaration), rows that differ only. */
export function routingTable(base: Side, head: Side): RoutingRow[] {
  const takers = (side: Side) => {
    const map = new Map<string, string[]>();
    for (const p of side.catalogue.partners) {
      for (const t of p.declaration.fulfils.request_types)
        map.set(t, [...(map.get(t) ?? []), p.declaration.id]);
    }
    return map;
  };
  const a = takers(base);
  const b = takers(head);
  const types = [...new Set([...a.keys(), ...b.keys()])].sort();
  const rows: RoutingRow[] = [];
  for (const t of types) {
    const before = [...(a.get(t) ?? [])].sort();
    const after = [...(b.get(t) ?? [])].sort();
    if (before.join() !== after.join()) rows.push({ what: `requests of type ${t}`, before, after });
  }
  return rows;
}

function byId(partners: readonly PartnerEntry[]): Map<string, PartnerEntry> {
  return new Map(partners.map((p) => [p.declaration.id, p]));
}
