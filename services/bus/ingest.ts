import { randomUUID } from 'node:crypto';
import type { NewDelivery } from '../delivery/delivery-queue.ts';
import { busNameOf } from './arns.ts';
import type { LocalBus } from './local-bus.ts';
import { routeEvent } from './routing/route-event.ts';
import type { NewLoggedEvent } from './store/event-log.ts';

/** AWS's limit on one PutEvents entry, computed as AWS documents (eb-putevent-size). */
export const MAX_ENTRY_BYTES = 256 * 1024;

export type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

interface Accepted {
  log: NewLoggedEvent;
  deliveries: NewDelivery[];
  archives: string[];
}

const fail = (ErrorCode: string, ErrorMessage: string): { ErrorCode: string; ErrorMessage: string } => ({
  ErrorCode,
  ErrorMessage,
});

/** `time` as AWS writes it in the envelope: ISO 8601 to the second, `Z`. */
export const envelopeTime = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * PutEvents: check each entry, build its envelope, route it, and commit the accepted events with their
 * deliveries and archive copies in one transaction before answering. Results are in entry order.
 */
export async function putEvents(bus: LocalBus, entries: readonly unknown[]): Promise<EntryResult[]> {
  const now = Date.now();
  const results: EntryResult[] = [];
  const accepted: Accepted[] = [];
  for (const entry of entries) {
    const prepared = prepareEntry(bus, entry, now);
    if ('ErrorCode' in prepared) {
      results.push(prepared);
    } else {
      results.push({ EventId: prepared.log.id });
      accepted.push(prepared);
    }
  }
  if (accepted.length > 0) await bus.commits.submit(() => commitAccepted(bus, accepted));
  return results;
}

/**
 * An event another bus forwarded (an event-bus target): it keeps its id, and a repeated forward of the
 * same event (a retried delivery) is logged and routed once only.
 */
export async function ingestForwarded(bus: LocalBus, busName: string, eventJson: string): Promise<boolean> {
  if (!bus.buses.get(busName)) return false;
  const event = JSON.parse(eventJson) as Record<string, unknown>;
  const now = Date.now();
  const { deliveries, routed } = routeEvent(bus.rules, bus.identity, {
    bus: busName,
    event,
    eventJson,
    ingestedAt: now,
  });
  await bus.commits.submit(() =>
    commitAccepted(bus, [
      {
        log: {
          id: String(event.id),
          bus: busName,
          ingestedAt: now,
          source: String(event.source),
          detailType: String(event['detail-type']),
          event: eventJson,
          routed,
        },
        deliveries,
        archives: bus.archives.match(busName, event),
      },
    ]),
  );
  return true;
}

function commitAccepted(bus: LocalBus, accepted: Accepted[]): void {
  const deliveries: NewDelivery[] = [];
  for (const a of accepted) {
    if (!bus.events.insert(a.log)) continue;
    for (const d of a.deliveries) deliveries.push(d);
    for (const archive of a.archives) bus.archives.append(archive, a.log.ingestedAt, a.log.event);
  }
  if (deliveries.length > 0) bus.deliveries.enqueue(deliveries);
}

type Failure = { ErrorCode: string; ErrorMessage: string };

function prepareEntry(bus: LocalBus, raw: unknown, now: number): Accepted | Failure {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('InvalidArgument', 'Parameter Entry is not valid. Reason: an entry must be a structure.');
  }
  const entry = raw as Record<string, unknown>;
  const { Source: source, DetailType: detailType, Detail: detailText } = entry;
  // Messages are AWS's (PutEventsResultEntry ErrorCode/ErrorMessage).
  if (typeof source !== 'string' || source === '') {
    return fail('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
  }
  if (typeof detailType !== 'string' || detailType === '') {
    return fail(
      'InvalidArgument',
      'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
    );
  }
  if (typeof detailText !== 'string' || detailText === '') {
    return fail('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.');
  }
  if (source.startsWith('aws.'))
    return fail('NotAuthorizedForSourceException', 'Not authorized for the source.');
  const resources = entry.Resources ?? [];
  if (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string')) {
    return fail(
      'InvalidArgument',
      'Parameter Resources is not valid. Reason: Resources must be a list of strings.',
    );
  }
  const size =
    (entry.Time !== undefined ? 14 : 0) +
    Buffer.byteLength(source) +
    Buffer.byteLength(detailType) +
    Buffer.byteLength(detailText) +
    (resources as string[]).reduce((n, r) => n + Buffer.byteLength(r), 0);
  if (size > MAX_ENTRY_BYTES) {
    return fail(
      'InvalidArgument',
      `Parameter Entry is not valid. Reason: the entry is ${size} bytes, over the ${MAX_ENTRY_BYTES}-byte limit.`,
    );
  }
  let detail: unknown;
  try {
    detail = JSON.parse(detailText);
  } catch {
    return fail('MalformedDetail', 'Detail is malformed.');
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return fail('MalformedDetail', 'Detail is malformed.');
  }
  const busName = busNameOf(typeof entry.EventBusName === 'string' ? entry.EventBusName : undefined);
  if (!bus.buses.get(busName))
    return fail('ResourceNotFoundException', `Event bus ${busName} does not exist.`);
  const time = eventTimeOf(entry.Time, now);
  if (time === undefined)
    return fail('InvalidArgument', 'Parameter Time is not valid. Reason: Time must be a timestamp.');

  const rejection = checkCatalogue(bus, source, detailType, detail);
  if (rejection) return rejection;

  const id = timeOrderedUuid(now);
  const event = {
    version: '0',
    id,
    'detail-type': detailType,
    source,
    account: bus.identity.accountId,
    time: envelopeTime(time),
    region: bus.identity.region,
    resources,
    detail,
  };
  // Built as text in AWS's key order (version, id, detail-type, source, account, time, region, resources, detail).
  const eventJson = `{"version":"0","id":"${id}","detail-type":${JSON.stringify(detailType)},"source":${JSON.stringify(source)},"account":${JSON.stringify(event.account)},"time":"${event.time}","region":${JSON.stringify(event.region)},"resources":${JSON.stringify(resources)},"detail":${JSON.stringify(detail)}}`;
  const { deliveries, routed } = routeEvent(bus.rules, bus.identity, {
    bus: busName,
    event,
    eventJson,
    ingestedAt: now,
  });
  return {
    log: { id, bus: busName, ingestedAt: now, source, detailType, event: eventJson, routed },
    deliveries,
    archives: bus.archives.match(busName, event),
  };
}

/**
 * A UUID version 7 (RFC 9562 §5.7: 48-bit Unix ms, then random bits): still an opaque UUID to clients,
 * but ids accepted together sort together, so the event log's (bus, id) key and the deliveries' event
 * index are appended to instead of written all over (fewer pages per PutEvents commit).
 */
export function timeOrderedUuid(ms: number): string {
  const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${randomUUID().slice(15)}`;
}

function eventTimeOf(time: unknown, now: number): number | undefined {
  if (time === undefined || time === null) return now;
  const ms = typeof time === 'number' ? time * 1000 : typeof time === 'string' ? Date.parse(time) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function checkCatalogue(
  bus: LocalBus,
  source: string,
  detailType: string,
  detail: unknown,
): Failure | undefined {
  const { mode, validate } = bus.validation;
  if (mode === 'off' || !validate) return undefined;
  const verdict = validate(source, detailType, detail);
  if (!verdict || verdict.ok) return undefined;
  const first = verdict.errors[0];
  const where = first ? `${first.pointer || '/'}: ${first.message}` : 'invalid';
  const message = `Detail does not match the catalogue schema for ${source} / ${detailType} at ${where}`;
  if (mode === 'warn') {
    bus.logger.warn(
      { source, detailType, errors: verdict.errors },
      'event detail does not match the catalogue',
    );
    return undefined;
  }
  return fail('MalformedDetail', message);
}
