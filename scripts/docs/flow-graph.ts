// The flow diagrams' graphs, from the catalogue alone: for each event of a flow (an AsyncAPI
// operation tagged `flow-a` or `flow-b`), its producers → the event on the bus → each rule that
// hears it → the rule's target. Partners' two rules (prod, test) share a node.
import type { DocsModel } from './docs-model.ts';
import { rulesHearing } from './rules-hearing.ts';

export interface FlowNode {
  readonly id: string;
  readonly lines: readonly string[];
  readonly kind: 'producer' | 'event' | 'rule' | 'target';
}

export interface FlowGraph {
  readonly nodes: readonly FlowNode[];
  readonly edges: ReadonlyArray<readonly [string, string]>;
}

export function flowGraph(m: DocsModel, tag: string): FlowGraph {
  const nodes = new Map<string, FlowNode>();
  const edges: Array<readonly [string, string]> = [];
  const node = (n: FlowNode): string => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const edge = (a: string, b: string): void => {
    if (!edges.some(([x, y]) => x === a && y === b)) edges.push([a, b]);
  };
  for (const e of m.events) {
    const producers = e.producers.filter((o) => o.tags.includes(tag));
    if (producers.length === 0 && !e.consumers.some((o) => o.tags.includes(tag))) continue;
    const ev = node({
      id: `event:${e.def.name}`,
      kind: 'event',
      lines: [e.def.detailType, `from ${e.def.source}`],
    });
    for (const o of producers) {
      const p = node({ id: `producer:${o.id}`, kind: 'producer', lines: [o.title] });
      if (o.id.startsWith('marketplaceApi')) {
        edge(
          node({ id: 'partners', kind: 'producer', lines: ['Partners', 'POST /requests/{id}/status'] }),
          p,
        );
      }
      edge(p, ev);
    }
    for (const r of rulesHearing(m.rules, e.def)) {
      if (r.kind === 'partner') {
        const partner = m.partners.find((p) => p.id === r.partner);
        if (!partner) continue;
        const rule = node({
          id: `rule:${partner.id}`,
          kind: 'rule',
          lines: [`portico-${partner.id}-prod`, `portico-${partner.id}-test`],
        });
        edge(ev, rule);
        const how =
          partner.delivery === 'webhook' ? 'webhook (API destination)' : 'polls the Marketplace API';
        edge(rule, node({ id: `target:${partner.id}`, kind: 'target', lines: [partner.name, how] }));
      } else {
        const rule = node({ id: `rule:${r.name}`, kind: 'rule', lines: [r.name] });
        edge(ev, rule);
        const consumer = r.description.split(':')[0] ?? r.name;
        edge(rule, node({ id: `target:${consumer}`, kind: 'target', lines: [consumer] }));
      }
    }
  }
  return { nodes: [...nodes.values()], edges };
}
