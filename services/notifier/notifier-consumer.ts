// The notifier's bus consumers. `createNotifier` hears `user registered` (remembers the contact,
// welcomes the user) and `request status changed` (asks for one notification on the user's
// preferred channel) and puts a `notification requested` event for each; `createDispatcher` hears
// those and hands them to the sender (the outbox locally, SNS on AWS). The notification id is
// derived from the causing event's id, so a redelivered event asks for the same notification, which
// the sender then sends at most once.
import { createHash } from 'node:crypto';
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import type { Logger } from '../api-gateway/logger.ts';
import type { EventPublisher } from '../marketplace-api/event-publisher.ts';
import type { Notification, NotificationSender } from './notification.ts';
import type { UserContact, UserDirectory } from './user-directory.ts';

export interface NotifierOptions {
  users: UserDirectory;
  publisher: EventPublisher;
  partnerName: (partnerId: string) => string;
  log: Logger;
}

export function createNotifier(opts: NotifierOptions) {
  return async function notifier(event: EventBridgeEvent): Promise<void> {
    const d = event.detail;
    if (event['detail-type'] === 'user registered') {
      const user: UserContact = {
        userId: String(d['user_id']),
        email: String(d['email']),
        ...(typeof d['phone'] === 'string' ? { phone: d['phone'] } : {}),
        preferredChannel: d['preferred_channel'] === 'sms' ? 'sms' : 'email',
      };
      await opts.users.remember(user);
      await opts.publisher.put(
        'com.marketplace.notifier',
        'notification requested',
        notificationFor(event.id, user, 'welcome', {}),
      );
      return;
    }
    if (event['detail-type'] === 'request status changed') {
      const user = await opts.users.find(String(d['user_id']));
      if (!user) {
        // The legacy producer's users never registered through the portal: nobody to tell.
        opts.log.warn(
          { userId: d['user_id'], requestId: d['request_id'] },
          'status change for a user with no contact; not notified',
        );
        return;
      }
      const requestId = String(d['request_id']);
      const variables: Record<string, string> = {
        partner_name: opts.partnerName(String(d['partner'])),
        request_id: requestId,
      };
      if (typeof d['reason'] === 'string') variables['reason'] = d['reason'];
      const template = `request-${String(d['request_status'])}` as Notification['template'];
      await opts.publisher.put('com.marketplace.notifier', 'notification requested', {
        ...notificationFor(event.id, user, template, variables),
        request_id: requestId,
      });
    }
  };
}

export function createDispatcher(opts: { sender: NotificationSender; log: Logger }) {
  return async function dispatcher(event: EventBridgeEvent): Promise<void> {
    if (event['detail-type'] !== 'notification requested') return;
    const n = event.detail as unknown as Notification;
    const outcome = await opts.sender.send(n);
    opts.log.info(
      { notificationId: n.notification_id, channel: n.channel, template: n.template, outcome },
      'notification dispatched',
    );
  };
}

function notificationFor(
  eventId: string,
  user: UserContact,
  template: Notification['template'],
  variables: Record<string, string>,
): Notification {
  const channel = user.preferredChannel === 'sms' && user.phone ? 'sms' : 'email';
  return {
    notification_id: uuidFrom(`${eventId}:${channel}`),
    channel,
    recipient: channel === 'sms' ? (user.phone ?? '') : user.email,
    user_id: user.userId,
    template,
    variables,
  };
}

/** A UUID-shaped id (version nibble 5, RFC 9562 variant) from a name: the same name, the same id. */
function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
