// How the marketplace's services put events when they run beside the bus (`portico dev`, load tests):
// the bus's own PutEvents operation, called in-process. Same checks, same envelope, same durable
// commit before it resolves as over HTTP; what it skips is the SDK's serialising and signing, the
// loopback socket and the HTTP parse on both sides, which cost more than the put itself. Deployed,
// the services use EventBridgePublisher (the AWS SDK), and the SDK-against-local-bus tests keep that
// path honest.
import type { PutEventsResponse } from '@aws-sdk/client-eventbridge';
import type { LocalBus } from '../bus/local-bus.ts';
import { operations } from '../bus/server/operation-table.ts';
import {
  acceptedEventId,
  acceptedEventIds,
  entryOf,
  type BatchEventPublisher,
  type PutEntry,
} from '../marketplace-api/event-publisher.ts';

export class LocalBusPublisher implements BatchEventPublisher {
  constructor(
    private readonly bus: LocalBus,
    private readonly eventBusName: string,
  ) {}

  async put(source: string, detailType: string, detail: object): Promise<string> {
    const entry = { EventBusName: this.eventBusName, Source: source, DetailType: detailType };
    const out = (await operations['PutEvents']!(
      { Entries: [{ ...entry, Detail: JSON.stringify(detail) }] },
      this.bus,
    )) as PutEventsResponse;
    return acceptedEventId(out, detailType);
  }

  async putAll(entries: readonly PutEntry[]): Promise<string[]> {
    const out = (await operations['PutEvents']!(
      { Entries: entries.map((e) => entryOf(this.eventBusName, e)) },
      this.bus,
    )) as PutEventsResponse;
    return acceptedEventIds(out, entries);
  }
}
