// `portico route` without the CLI: read the events, route each through every catalogue rule, and
// print a table (or JSON). Exit 0 when some rule matched an event, 1 when none did, 2 on bad input.
import type { CatalogModel } from '../../generated/catalog-model.ts';
import { catalogueRules } from './catalogue-rules.ts';
import { EventInputError, readEvents } from './read-events.ts';
import { routeEvent, type RuleVerdict } from './route-event.ts';
import { routeTable } from './route-table.ts';

export interface RouteOptions {
  /** The model whose rules the bus runs: generated/catalog-model.ts (`portico generate` refreshes it). */
  model: CatalogModel;
  eventText: string;
  explain: boolean;
  json: boolean;
}

export interface RouteReport {
  exitCode: 0 | 1 | 2;
  out: string[];
  err: string[];
}

/** The JSON form: without --explain, verdicts only; with it, each branch's first miss too. */
function jsonVerdict(v: RuleVerdict, explain: boolean): object {
  if (explain) return v;
  const { branches: _branches, ...rest } = v;
  return rest;
}

export function runRoute(o: RouteOptions): RouteReport {
  let events;
  try {
    events = readEvents(o.eventText);
  } catch (error) {
    if (error instanceof EventInputError) return { exitCode: 2, out: [], err: [error.message] };
    throw error;
  }
  const rules = catalogueRules(o.model);
  const routed = events.map((event) => ({ event, verdicts: routeEvent(rules, event) }));
  const anyMatch = routed.some((r) => r.verdicts.some((v) => v.matches));
  const out = o.json
    ? [
        JSON.stringify(
          {
            events: routed.map((r) => ({
              event: r.event,
              rules: r.verdicts.map((v) => jsonVerdict(v, o.explain)),
            })),
          },
          null,
          2,
        ),
      ]
    : routed.flatMap((r, i) => [...(i > 0 ? [''] : []), ...routeTable(r.event, r.verdicts, o.explain)]);
  return { exitCode: anyMatch ? 0 : 1, out, err: [] };
}
