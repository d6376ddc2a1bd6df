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

export class EventBridgePublisher implements EventPublisher {
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
