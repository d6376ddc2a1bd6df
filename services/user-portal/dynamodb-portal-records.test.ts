// The portal's DynamoDB records and the notifier's notification log, against the in-memory
// stand-in for DynamoDB (their keys and conditions; not DynamoDB's own behaviour).
import { describe, expect, it } from 'vitest';
import { InMemoryDocumentClient } from '../marketplace-api/dynamodb/in-memory-document-client.ts';
import { DynamoDbNotificationLog } from '../notifier/dynamodb-notification-log.ts';
import type { Notification } from '../notifier/notification.ts';
import { DynamoDbPortalRecords } from './dynamodb-portal-records.ts';

const entry = (status: string, changedAt: string) => ({
  partner: 'acme',
  status,
  previousStatus: 'new',
  changedAt,
});

describe('DynamoDbPortalRecords', () => {
  it('registers users and keeps a timeline that a redelivered event does not grow', async () => {
    const db = new InMemoryDocumentClient();
    const records = new DynamoDbPortalRecords(db, 't');
    await records.addUser('u-1', 'u1@example.org', '2026-01-01T00:00:00Z');
    expect([await records.hasUser('u-1'), await records.hasUser('u-2')]).toEqual([true, false]);
    await records.addStatus('e-1', 'r-1', entry('in-progress', '2026-01-01T00:01:00Z'));
    await records.addStatus('e-1', 'r-1', entry('in-progress', '2026-01-01T00:01:00Z'));
    await records.addStatus('e-2', 'r-1', entry('accepted', '2026-01-01T00:02:00Z'));
    expect((await records.timeline('r-1')).map((t) => t.status)).toEqual(['in-progress', 'accepted']);
    const query = db.commands.find((c) => c.name === 'QueryCommand')!.input as Record<string, unknown>;
    expect(query['KeyConditionExpression']).toBe('pk = :pk AND begins_with(sk, :timeline)');
  });
});

describe('DynamoDbNotificationLog', () => {
  const n: Notification = {
    notification_id: 'n-1',
    channel: 'email',
    recipient: 'u1@example.org',
    user_id: 'u-1',
    request_id: 'r-1',
    template: 'request-accepted',
    variables: { partner_name: 'Acme', request_id: 'r-1' },
  };

  it('sends each notification once and lists it for its user and request', async () => {
    const sent: string[] = [];
    const log = new DynamoDbNotificationLog(new InMemoryDocumentClient(), 't', {
      send: async (x) => (sent.push(x.notification_id), 'sent'),
    });
    expect([await log.send(n), await log.send(n)]).toEqual(['sent', 'duplicate']);
    expect(sent).toEqual(['n-1']);
    expect((await log.list({ userId: 'u-1', requestId: 'r-1' })).map((e) => e.subject)).toEqual([
      'Your request was accepted',
    ]);
    expect(await log.list({ userId: 'u-1', requestId: 'r-2' })).toEqual([]);
  });

  it('withdraws its claim when the sender fails, so the retry sends', async () => {
    let failing = true;
    const log = new DynamoDbNotificationLog(new InMemoryDocumentClient(), 't', {
      send: async () => {
        if (failing) throw new Error('SNS throttled');
        return 'sent';
      },
    });
    await expect(log.send(n)).rejects.toThrow('SNS throttled');
    failing = false;
    expect(await log.send(n)).toBe('sent');
  });
});
