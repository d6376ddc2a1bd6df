import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { decodeWebhookSecret, deliveryKey, signWebhook, webhookHeaders } from './webhook-signature.ts';

// The specification's published test vector (standard-webhooks/standard-webhooks, spec and
// libraries/javascript/src/webhook.test.ts; also Svix's "verifying payloads manually" page).
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  webhookId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const other = 'whsec_' + Buffer.from('a second, rotated-in secret!').toString('base64');

describe('signWebhook', () => {
  it('reproduces the Standard Webhooks test vector', () => {
    expect(signWebhook({ ...vector, secrets: [vector.secret] })).toBe(vector.signature);
  });

  it('accepts the secret without its whsec_ prefix', () => {
    expect(signWebhook({ ...vector, secrets: [vector.secret.slice(6)] })).toBe(vector.signature);
  });

  it('signs once per secret during a rotation, in order, space-separated', () => {
    const header = signWebhook({ ...vector, secrets: [vector.secret, other] });
    const [first, second, ...rest] = header.split(' ');
    expect(first).toBe(vector.signature);
    expect(second).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(second).not.toBe(first);
    expect(rest).toEqual([]);
  });

  const changed: [string, Partial<typeof vector>][] = [
    ['body', { body: '{"test": 2432232315}' }],
    ['id', { webhookId: 'msg_other' }],
    ['timestamp', { timestamp: 1614265331 }],
  ];
  it.each(changed)('a changed %s changes the signature', (_n, change) => {
    expect(signWebhook({ ...vector, ...change, secrets: [vector.secret] })).not.toBe(vector.signature);
  });

  it('the standardwebhooks library verifies our headers with either secret of a rotation', () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ 'detail-type': 'marketplace requests', detail: { user_id: '1' } });
    const headers = webhookHeaders({
      webhookId: 'msg_abc',
      timestamp: now,
      body,
      secrets: [vector.secret, other],
    });
    expect(new Webhook(vector.secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(other).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(vector.secret).verify(body + ' ', headers)).toThrow(/No matching signature/);
  });
});

describe('decodeWebhookSecret', () => {
  it.each([
    ['not base64', 'whsec_not base64!', /not "whsec_" followed by base64/],
    ['too short', 'whsec_c2hvcnQ=', /too short: 5 bytes/],
  ])('refuses a secret that is %s, without echoing it', (_n, secret, message) => {
    expect(() => decodeWebhookSecret(secret)).toThrow(message);
    try {
      decodeWebhookSecret(secret);
    } catch (error) {
      expect(String(error)).not.toContain(secret.slice(6));
    }
  });
});

describe('webhookHeaders', () => {
  it('without a secret still sends the id and timestamp, but no signature', () => {
    expect(webhookHeaders({ webhookId: 'msg_1', timestamp: 1, body: '', secrets: [] })).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1',
    });
  });
});

describe('deliveryKey', () => {
  const a = { eventId: 'e1', ruleArn: 'arn:rule/a', targetId: 't1' };
  it.each([
    ['another event', { eventId: 'e2' }],
    ['another rule', { ruleArn: 'arn:rule/b' }],
    ['another target', { targetId: 't2' }],
    ['a replay', { replayName: 'r1' }],
  ])('differs for %s', (_n, change) => expect(deliveryKey({ ...a, ...change })).not.toBe(deliveryKey(a)));
  it('is stable and does not run parts together', () => {
    expect(deliveryKey(a)).toBe(deliveryKey({ ...a }));
    expect(deliveryKey({ ...a, eventId: 'e1a', ruleArn: 'rn:rule/a' })).not.toBe(deliveryKey(a));
    expect(deliveryKey(a)).toMatch(/^[A-Za-z0-9_-]{26}$/);
  });
  // Pinned: partners dedupe on webhook-ids already sent, so the hash must never change across versions.
  it.each([
    ['a delivery', { given: a, want: 'WMc6aE4QkZDU1qSudJTHQmXlSN' }],
    ['a replayed one', { given: { ...a, replayName: 'r1' }, want: 'j5nu6LbO9uTbbhMAEDUddmpgT7' }],
  ])('is the one earlier versions sent for %s', (_n, { given, want }) =>
    expect(deliveryKey(given)).toBe(want),
  );
});
