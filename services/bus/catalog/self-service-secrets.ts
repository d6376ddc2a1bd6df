import type { LocalBus } from '../local-bus.ts';

/**
 * Sets the Standard Webhooks secrets an API destination signs with, newest first: the Marketplace
 * API's secret rotation, in-process (EventBridge has no API for them). On a catalogue destination
 * they are recorded as self-service, so the next install keeps them (managed-change.ts).
 */
export function setWebhookSecrets(
  bus: LocalBus,
  apiDestinationName: string,
  secrets: readonly string[],
): void {
  const d = bus.apiDestinations.get(apiDestinationName);
  if (!d) return;
  bus.db.transaction(() => {
    bus.apiDestinations.put({ ...d, webhookSecrets: [...secrets], modifiedAt: Date.now() });
    if (d.managedBy)
      bus.catalogInstalls.recordSelfService('api-destination', d.name, { webhookSecrets: [...secrets] });
  })();
}
