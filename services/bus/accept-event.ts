import type { Delivery, NewDelivery } from '../delivery/delivery-queue.ts';
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
 * With `claim`, returns the deliveries the running worker took as they were written: the caller hands
 * them over once the commit is durable (`commitAndHandOver` does both).
 */
export function commitAccepted(bus: LocalBus, accepted: readonly AcceptedEvent[], claim = false): Delivery[] {
  const deliveries: NewDelivery[] = [];
  for (const a of accepted) {
    const seq = bus.events.insert(a.log);
    if (seq === undefined) continue;
    for (const d of a.deliveries) {
      d.eventSeq = seq;
      if (claim && d.body === undefined) d.eventJson = a.log.event;
      deliveries.push(d);
    }
    for (const archive of a.archives) bus.archives.append(archive, a.log.ingestedAt, a.log.event);
  }
  return (deliveries.length > 0 && bus.deliveries.enqueue(deliveries, claim)) || [];
}

/**
 * Commits accepted events through the commit queue and, once they are on disk, hands the deliveries the
 * worker took as they were written over to it; they skip the claim a pending delivery waits for. If the
 * commit fails they are given back (a unit that throws gives its own back in `enqueue`).
 */
export async function commitAndHandOver(bus: LocalBus, accepted: readonly AcceptedEvent[]): Promise<void> {
  let claimed: Delivery[] = [];
  try {
    await bus.commits.submit(() => {
      claimed = commitAccepted(bus, accepted, true);
    });
  } catch (error) {
    bus.deliveries.giveBack?.(claimed);
    throw error;
  }
  bus.deliveries.handOver?.(claimed);
}
