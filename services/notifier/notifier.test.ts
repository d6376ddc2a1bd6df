import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { catalogueProblems } from '../marketplace/testing/catalogue-events.ts';
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import { silentLogger } from '../api-gateway/logger.ts';
import { createDispatcher, createNotifier } from './notifier-consumer.ts';
import { SqliteOutbox } from './sqlite-outbox.ts';
import { SqliteUserDirectory } from './user-directory.ts';

const envelope = (id: string, detailType: string, detail: Record<string, unknown>): EventBridgeEvent => ({
  version: '0',
  id,
  'detail-type': detailType,
  source: 'test',
  account: '0',
  time: '2025-11-20T09:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail,
});

function setup() {
  const db = new Database(':memory:');
  const put: { detailType: string; detail: Record<string, unknown> }[] = [];
  const notifier = createNotifier({
    users: new SqliteUserDirectory(db),
    publisher: {
      put: async (_s, detailType, detail) => (
        put.push({ detailType, detail: detail as Record<string, unknown> }),
        'id'
      ),
    },
    partnerName: (id) => (id === 'techhub' ? 'TechHub' : id),
    log: silentLogger,
  });
  const outbox = new SqliteOutbox(db);
  const dispatcher = createDispatcher({ sender: outbox, log: silentLogger });
  return { put, notifier, outbox, dispatcher };
}

const registered = {
  user_id: 'u-1',
  email: 'camille@example.org',
  phone: '+33612345678',
  preferred_channel: 'sms',
  registered_at: '2025-11-20T08:00:00Z',
};
const status = (s: string, extra = {}) => ({
  request_id: '6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01',
  user_id: 'u-1',
  partner: 'techhub',
  request_status: s,
  previous_status: 'new',
  changed_at: '2025-11-20T09:30:00Z',
  ...extra,
});

describe('notifier', () => {
  it.each([
    [
      'accepted',
      status('accepted'),
      'request-accepted',
      'Good news: TechHub accepted your request 6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01.',
    ],
    [
      'declined with a reason',
      status('declined', { reason: 'Out of stock.' }),
      'request-declined',
      'TechHub declined your request 6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01: Out of stock.',
    ],
  ])(
    'asks for a catalogue-valid notification when a request is %s, and the outbox records it once',
    async (_name, detail, template, text) => {
      const { put, notifier, outbox, dispatcher } = setup();
      await notifier(envelope('e-reg', 'user registered', registered));
      await notifier(envelope('e-1', 'request status changed', detail));
      await notifier(envelope('e-1', 'request status changed', detail)); // redelivered
      for (const p of put)
        expect(catalogueProblems('com.marketplace.notifier', p.detailType, p.detail)).toEqual([]);
      for (const p of put) await dispatcher(envelope('n', p.detailType, p.detail));
      const sent = outbox.list({ userId: 'u-1' });
      expect(sent.map((s) => [s.channel, s.recipient, s.template])).toEqual([
        ['sms', '+33612345678', 'welcome'],
        ['sms', '+33612345678', template],
      ]);
      expect(sent[1]?.text).toBe(text);
    },
  );

  it('notifies nobody about a user it has never heard of', async () => {
    const { put, notifier } = setup();
    await notifier(envelope('e-1', 'request status changed', status('accepted', { user_id: '123456789' })));
    expect(put).toEqual([]);
  });
});
