import { setImmediate as nextTurn } from 'node:timers/promises';
import { acceptEvent, commitAndHandOver, type AcceptedEvent } from './accept-event.ts';
import { busNameOf } from './arns.ts';
import { envelope, timeOrderedUuid } from './envelope.ts';
import { checkDetailText, compactDetailText } from './detail-text.ts';
import { isEventTime, MAX_ENTRY_BYTES } from './limits.ts';
import type { LocalBus } from './local-bus.ts';
import { StoreUnavailableError } from './store/store-guard.ts';

export type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const fail = (ErrorCode: string, ErrorMessage: string): { ErrorCode: string; ErrorMessage: string } => ({
  ErrorCode,
  ErrorMessage,
});

/**
 * PutEvents: check each entry, build its envelope, route it, and commit the accepted events with their
 * deliveries and archive copies in one transaction before answering. Results are in entry order.
 */
export async function putEvents(bus: LocalBus, entries: readonly unknown[]): Promise<EntryResult[]> {
  const now = Date.now();
  const results: EntryResult[] = [];
  const accepted: AcceptedEvent[] = [];
  const slice = new TimeSlice();
  for (const entry of entries) {
    await slice.check();
    const checked = checkEntry(bus, entry, now);
    if ('ErrorCode' in checked) {
      results.push(checked);
      continue;
    }
    await slice.check();
    const prepared = routeEntry(bus, checked, now);
    results.push({ EventId: prepared.log.id });
    accepted.push(prepared);
  }
  if (accepted.length > 0) {
    try {
      await commitAndHandOver(bus, accepted);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // AWS's per-entry code for a failure on its side: the client retries these entries.
      return results.map((r) =>
        'EventId' in r ? fail('InternalFailure', `The event was not stored. ${error.message}`) : r,
      );
    }
  }
  return results;
}

/**
 * An event another bus forwarded (an event-bus target): it keeps its id, and a repeated forward of the
 * same event (a retried delivery) is logged and routed once only.
 */
export async function ingestForwarded(bus: LocalBus, busName: string, eventJson: string): Promise<boolean> {
  if (!bus.buses.get(busName)) return false;
  const event = JSON.parse(eventJson) as Record<string, unknown>;
  const replayName = typeof event['replay-name'] === 'string' ? event['replay-name'] : undefined;
  const accepted = acceptEvent(bus, {
    bus: busName,
    event,
    eventJson,
    ingestedAt: Date.now(),
    ...(replayName ? { replayName } : {}),
  });
  await commitAndHandOver(bus, [accepted]);
  return true;
}

type Failure = { ErrorCode: string; ErrorMessage: string };

/**
 * Lets other requests run once this one has held the event loop for SLICE_MS: a request at the limits
 * (ten 25 KB entries, or one 256 KB entry of 128,000 numbers) costs 20-40 ms of parsing, checking and
 * routing in all, and each entry's halves (checking; building and routing the envelope) cost at most about
 * half of that. Requests under the budget, the usual ones, never wait.
 */
const SLICE_MS = 8;

class TimeSlice {
  private start = performance.now();

  async check(): Promise<void> {
    if (performance.now() - this.start < SLICE_MS) return;
    await nextTurn();
    this.start = performance.now();
  }
}

/** An entry that passed the checks, with its parsed Detail. */
interface CheckedEntry {
  source: string;
  detailType: string;
  detailText: string;
  detail: object;
  keepText: boolean;
  busName: string;
  time: number;
  resources: string[];
}

function checkEntry(bus: LocalBus, raw: unknown, now: number): CheckedEntry | Failure {
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
  const checked = checkDetailText(detailText);
  if (!checked.ok) return fail('InvalidArgument', `Parameter Detail is not valid. Reason: ${checked.reason}`);
  const busName = busNameOf(typeof entry.EventBusName === 'string' ? entry.EventBusName : undefined);
  const time = eventTimeOf(entry.Time, now);
  if (time === undefined)
    return fail(
      'InvalidArgument',
      'Parameter Time is not valid. Reason: Time must be a timestamp in years 0000 to 9999.',
    );

  const rejection = checkCatalogue(bus, source, detailType, detail);
  if (rejection) return rejection;
  return {
    source,
    detailType,
    detailText,
    detail,
    keepText: checked.keepText,
    busName,
    time,
    resources: resources as string[],
  };
}

function routeEntry(bus: LocalBus, entry: CheckedEntry, now: number): AcceptedEvent {
  const { source, detailType, time, resources, detail, busName } = entry;
  const { event, eventJson } = envelope(bus.identity, timeOrderedUuid(now), {
    source,
    detailType,
    time,
    resources,
    detail,
    ...(entry.keepText ? { detailText: compactDetailText(entry.detailText) } : {}),
  });
  if (!bus.buses.get(busName)) return dropForMissingBus(bus, busName, event, eventJson, now);
  return acceptEvent(bus, { bus: busName, event, eventJson, ingestedAt: now });
}

/**
 * An entry for a bus that does not exist: AWS answers it with an EventId and FailedEntryCount 0, and the
 * event goes nowhere (recorded answer: PutEvents to a missing bus). The bus does the same on the wire, but
 * logs the event under that bus name, with no deliveries, so that `portico events` shows it as dropped,
 * and says so in a warning line.
 */
function dropForMissingBus(
  bus: LocalBus,
  busName: string,
  event: Record<string, unknown>,
  eventJson: string,
  now: number,
): AcceptedEvent {
  bus.logger.warn(
    { eventId: event.id, bus: busName },
    `event bus ${busName} does not exist: the event is dropped (AWS accepts it and drops it too)`,
  );
  return {
    log: { id: String(event.id), bus: busName, ingestedAt: now, event: eventJson },
    deliveries: [],
    archives: [],
  };
}

function eventTimeOf(time: unknown, now: number): number | undefined {
  if (time === undefined || time === null) return now;
  const ms = typeof time === 'number' ? time * 1000 : typeof time === 'string' ? Date.parse(time) : NaN;
  return isEventTime(ms) ? ms : undefined;
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
