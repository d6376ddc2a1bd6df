// Internal events: one asynchronous-message pact per (consuming service, producing service) pair
// that catalog/asyncapi.yaml declares with its operations (`<service>Sends<Message>`,
// `<service>Receives<Message>`). Contents are the event's `detail` (the AsyncAPI payload), the
// EventBridge `source` and `detail-type` go in the message metadata.
import { schemaToMatcher } from './schema-to-matcher.ts';
import type { ContractSources } from './contract-sources.ts';
import type { MessageInteraction, MessagePactDefinition } from './interaction.ts';

// Receivers that are not services with code of their own: partners get their events over the
// partner webhook pact (partner-webhook-interactions.ts); the archive is an EventBridge archive.
export const NOT_MESSAGE_CONSUMERS: ReadonlySet<string> = new Set(['partners', 'archive']);

export function messagePacts(sources: ContractSources): MessagePactDefinition[] {
  const pacts = new Map<string, { consumer: string; provider: string; messages: MessageInteraction[] }>();
  for (const event of sources.events) {
    for (const provider of event.senders) {
      for (const consumer of event.receivers) {
        if (NOT_MESSAGE_CONSUMERS.has(consumer) || consumer === provider) continue;
        const key = `${consumer}\0${provider}`;
        const pact = pacts.get(key) ?? { consumer, provider, messages: [] };
        for (const example of event.examples) {
          pact.messages.push({
            description: `a "${event.detailType}" event: ${example.name}`,
            states: [],
            ...(example.summary ? { comments: [example.summary] } : {}),
            contents: schemaToMatcher(event.schema, example.value, `${event.name} example ${example.name}`),
            metadata: { source: event.source, 'detail-type': event.detailType },
          });
        }
        pacts.set(key, pact);
      }
    }
  }
  return [...pacts.values()].sort((a, b) =>
    `${a.consumer}-${a.provider}`.localeCompare(`${b.consumer}-${b.provider}`),
  );
}
