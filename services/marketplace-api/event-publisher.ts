// Puts events on the bus with EventBridge's PutEvents, so the same code puts them on a real bus.
// A PutEvents call can answer 200 and still reject an entry (FailedEntryCount): that is an error.
import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsResponse,
} from '@aws-sdk/client-eventbridge';

export interface EventPublisher {
  put(source: string, detailType: string, detail: object): Promise<string>;
}

/** A publisher that also puts several events at once (the Marketplace API's announcements). */
export interface BatchEventPublisher extends EventPublisher {
  /**
   * Several events in one PutEvents call (at most 10 entries, AWS's limit). It throws if any entry
   * was refused; on AWS the entries accepted in the same call stay put (PutEvents is per entry).
   */
  putAll(entries: readonly PutEntry[]): Promise<string[]>;
}

export interface PutEntry {
  source: string;
  detailType: string;
  detail: object;
}

export class EventBridgePublisher implements BatchEventPublisher {
  constructor(
    private readonly client: Pick<EventBridgeClient, 'send'>,
    private readonly eventBusName: string,
  ) {}

  async put(source: string, detailType: string, detail: object): Promise<string> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: source,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    return acceptedEventId(out, detailType);
  }

  async putAll(entries: readonly PutEntry[]): Promise<string[]> {
    const out = await this.client.send(
      new PutEventsCommand({ Entries: entries.map((e) => entryOf(this.eventBusName, e)) }),
    );
    return acceptedEventIds(out, entries);
  }
}

export function entryOf(eventBusName: string, e: PutEntry) {
  return {
    EventBusName: eventBusName,
    Source: e.source,
    DetailType: e.detailType,
    Detail: JSON.stringify(e.detail),
  };
}

/** PutEvents' answer for several entries: their event ids, or an error naming the first refused. */
export function acceptedEventIds(out: PutEventsResponse, entries: readonly PutEntry[]): string[] {
  const ids = (out.Entries ?? []).map((e) => e.EventId);
  const refused = (out.Entries ?? []).findIndex((e) => !e.EventId);
  if ((out.FailedEntryCount ?? 0) > 0 || refused >= 0 || ids.length !== entries.length) {
    const entry = out.Entries?.[refused];
    throw new Error(
      `PutEvents rejected a ${entries[Math.max(refused, 0)]?.detailType ?? ''} event: ${entry?.ErrorCode ?? 'no event id'} ${entry?.ErrorMessage ?? ''}`.trim(),
    );
  }
  return ids as string[];
}

/** PutEvents' answer for one entry: its event id, or an error when the entry was refused. */
export function acceptedEventId(out: PutEventsResponse, detailType: string): string {
  const entry = out.Entries?.[0];
  if ((out.FailedEntryCount ?? 0) > 0 || !entry?.EventId) {
    throw new Error(
      `PutEvents rejected a ${detailType} event: ${entry?.ErrorCode ?? 'no event id'} ${entry?.ErrorMessage ?? ''}`.trim(),
    );
  }
  return entry.EventId;
}
