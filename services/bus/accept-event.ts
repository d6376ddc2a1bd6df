import type { NewDelivery } from '../delivery/delivery-queue.ts';
import type { LocalBus } from './local-bus.ts';
import { routeEvent, type RouteRequest } from './routing/route-event.ts';
import type { NewLoggedEvent } from './store/event-log.ts';

/** An event the bus takes: its event log row, the deliveries it causes and the archives that keep it. */
export interface AcceptedEvent {
  log: NewLoggedEvent;
  deliveries: NewDelivery[];
  archives: string[];
}

/** Routes an event through its bus's rules and archives (outside the commit: nothing is written yet). */
export function acceptEvent(bus: LocalBus, req: RouteRequest): AcceptedEvent {
  return {
    log: {
      id: String(req.event.id),
      bus: req.bus,
      ingestedAt: req.ingestedAt,
      event: req.eventJson,
      ...(req.replayName ? { replayName: req.replayName } : {}),
    },
    deliveries: routeEvent(bus.rules, bus.identity, {
      onDropped: (d) => bus.logger.warn({ eventId: String(req.event.id), ...d }, 'target receives nothing'),
      ...req,
    }),
    archives: bus.archives.match(req.bus, req.event),
  };
}

/**
 * Writes accepted events inside a commit: each is logged once (one already logged is skipped with its
 * deliveries: a retried forward), its deliveries are linked to its log row, its archive copies added.
 */
export function commitAccepted(bus: LocalBus, accepted: readonly AcceptedEvent[]): void {
  const deliveries: NewDelivery[] = [];
  for (const a of accepted) {
    const seq = bus.events.insert(a.log);
    if (seq === undefined) continue;
    for (const d of a.deliveries) {
      d.eventSeq = seq;
      deliveries.push(d);
    }
    for (const archive of a.archives) bus.archives.append(archive, a.log.ingestedAt, a.log.event);
  }
  if (deliveries.length > 0) bus.deliveries.enqueue(deliveries);
}
