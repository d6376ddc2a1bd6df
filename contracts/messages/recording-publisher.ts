// The services' real `EventBridgePublisher` over an EventBridge client that records each
// PutEvents entry instead of sending it: what a producer puts is read back from the JSON it would
// have sent on the wire (`Detail` is a string), not from the object it was built from.
import { randomUUID } from 'node:crypto';
import { PutEventsCommand, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../../services/marketplace-api/event-publisher.ts';

export interface PutEntry {
  eventBusName: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export function recordingPublisher(eventBusName = 'marketplace') {
  const events: PutEntry[] = [];
  const client = {
    async send(command: unknown): Promise<PutEventsCommandOutput> {
      if (!(command instanceof PutEventsCommand)) throw new Error('recording client: only PutEvents');
      const entries = command.input.Entries ?? [];
      for (const e of entries) {
        events.push({
          eventBusName: String(e.EventBusName),
          source: String(e.Source),
          detailType: String(e.DetailType),
          detail: JSON.parse(e.Detail ?? 'null') as Record<string, unknown>,
        });
      }
      return { $metadata: {}, FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) };
    },
  };
  return { events, publisher: new EventBridgePublisher(client as never, eventBusName) };
}

/** What a pact-js message provider returns: the detail, and the envelope fields as metadata. */
export function asPactMessage(event: PutEntry): unknown {
  return {
    __pactMessageMetadata: { source: event.source, 'detail-type': event.detailType },
    message: event.detail,
  };
}
