// Provider verification of the `notifier-dispatcher -> notifier` message pact: each message is
// made by the notifier's real consumer, fed the events that cause it on the bus (the user's
// `user registered`, then a partner's `request status changed`), and the `notification requested`
// event it puts through the real EventBridge publisher is what the verifier compares.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { catalogModel } from '../../generated/catalog-model.ts';
import { silentLogger } from '../../services/api-gateway/logger.ts';
import { createNotifier } from '../../services/notifier/notifier-consumer.ts';
import { SqliteUserDirectory } from '../../services/notifier/user-directory.ts';
import { envelope } from './message-consumers.ts';
import { asPactMessage, recordingPublisher } from './recording-publisher.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const names = new Map(catalogModel.partners.map((p) => [p.id, p.name]));

/** The notification the notifier asks for when `user` hears `change` on one of its requests. */
async function requestedNotification(
  user: Record<string, unknown>,
  change: Record<string, unknown>,
): Promise<unknown> {
  const bus = recordingPublisher();
  const notify = createNotifier({
    users: new SqliteUserDirectory(new Database(':memory:')),
    publisher: bus.publisher,
    partnerName: (id) => names.get(id) ?? id,
    log: silentLogger,
  });
  const userId = 'u-4821';
  const registered = { user_id: userId, registered_at: '2025-11-20T08:00:00Z', ...user };
  await notify(envelope({ source: 'com.marketplace.portal', 'detail-type': 'user registered' }, registered));
  const before = bus.events.length;
  const detail = { user_id: userId, changed_at: '2025-11-20T09:30:00Z', environment: 'prod', ...change };
  await notify(envelope({ source: 'com.marketplace.api', 'detail-type': 'request status changed' }, detail));
  const event = bus.events.slice(before).find((e) => e.detailType === 'notification requested');
  if (event === undefined) throw new Error('the notifier put no "notification requested" event');
  return asPactMessage(event);
}

describe('notifier as a message producer', () => {
  it('honours the notifier-dispatcher -> notifier message pact', async () => {
    const verifier = new Verifier({
      provider: 'notifier',
      pactUrls: [join(ROOT, 'contracts/pacts/notifier-dispatcher-notifier.json')],
      logLevel: 'error',
      messageProviders: {
        'a "notification requested" event: email': () =>
          requestedNotification(
            { email: 'camille@example.org', preferred_channel: 'email' },
            {
              request_id: '6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01',
              partner: 'techhub',
              previous_status: 'in-progress',
              request_status: 'accepted',
            },
          ),
        'a "notification requested" event: sms': () =>
          requestedNotification(
            { email: 'jo@example.org', phone: '+32470123456', preferred_channel: 'sms' },
            {
              request_id: '0b8e6f52-94c1-4d3a-8e77-1a2b3c4d5e6f',
              partner: 'printworks',
              previous_status: 'new',
              request_status: 'declined',
              reason: 'We do not print on A0 paper.',
            },
          ),
      },
    });
    const output = await verifier.verifyProvider().catch((e: Error) => e.message);
    const result = JSON.parse(output) as { result: boolean; errors: unknown[] };
    expect(result.errors).toEqual([]);
    expect(result.result).toBe(true);
  });
});
