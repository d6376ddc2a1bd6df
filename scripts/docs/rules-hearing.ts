// Which rules can hear an event at all: those whose pattern names the event's source and
// detail-type (or does not constrain them). Detail conditions decide per event; the route explainer
// shows those.
import type { EventDefinition } from '../catalog/catalogue.ts';
import type { RouteRule } from '../route/route-event.ts';

const allows = (field: unknown, value: string): boolean =>
  field === undefined || (Array.isArray(field) && field.includes(value));

export function rulesHearing(
  rules: readonly RouteRule[],
  e: Pick<EventDefinition, 'source' | 'detailType'>,
): RouteRule[] {
  return rules.filter(
    (r) => allows(r.eventPattern.source, e.source) && allows(r.eventPattern['detail-type'], e.detailType),
  );
}
