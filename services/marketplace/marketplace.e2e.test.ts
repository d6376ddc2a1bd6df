// Flows A and B and self-service end to end, over HTTP, against the real local stack: the bus,
// delivery, the marketplace services, and partners on free ports.
import { DescribeApiDestinationCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPollPartner } from '../demo-partners/poll-partner.ts';
import { startWebhookPartner, type RunningPartner } from '../demo-partners/webhook-partner.ts';
import { eventually, startStack, type Stack } from './testing/stack.ts';

let stack: Stack;
let techhub: RunningPartner;
let techhubSecrets: string[] = [];

// Twice: the Marketplace API in-process on the bus's port, and in its own thread (api-thread.ts),
// whose writes and events go back through the bus's thread.
describe.each([
  { api: 'in-process', apiThread: false },
  { api: 'in its own thread', apiThread: true },
])('Marketplace API $api', ({ apiThread }) => {
  beforeAll(async () => {
    stack = await startStack({ apiThread });
    techhub = await startWebhookPartner({
      id: 'techhub',
      port: 0,
      secrets: () => techhubSecrets,
      auth: () => ({ type: 'api_key', header: 'X-Techhub-Key', value: 'e2e-key' }),
    });
    // Self-service: the partner points its test endpoint at its server, changes its credentials and takes a fresh secret.
    const patched = await stack.http('PATCH', '/api/partner', {
      key: stack.key('techhub'),
      body: {
        environments: {
          test: {
            endpoint: `${techhub.url}/webhook`,
            auth: { type: 'api_key', header: 'X-Techhub-Key', value: 'e2e-key' },
          },
        },
      },
    });
    expect(patched.status).toBe(200);
    const rotated = await stack.http('POST', '/api/partner/webhook-secret/rotate', {
      key: stack.key('techhub'),
      body: { grace_period_seconds: 0 },
    });
    techhubSecrets = [String(rotated.body?.['secret'])];
  });
  afterAll(async () => {
    await techhub?.close();
    await stack?.close();
  });

  async function registerUser(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await stack.http('POST', '/portal/users', {
      body: { email: 'camille@example.org', phone: '+33612345678', ...extra },
    });
    expect(res.status).toBe(201);
    return String(res.body?.['user_id']);
  }

  describe('flow A: a user request reaches exactly the partners it is for', () => {
    it('routes by the catalogue, delivers signed, links documents with expiring URLs', async () => {
      const userId = await registerUser();
      const upload = await fetch(`${stack.url}/portal/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf' },
        body: '%PDF-1.7 passport',
      });
      const { key } = (await upload.json()) as { key: string };
      const placed = await stack.http('POST', '/portal/requests', {
        body: {
          user_id: userId,
          request_types: ['laptops'],
          country: 'FR',
          amount: 1450.5,
          currency: 'EUR',
          environment: 'test',
          documents: [{ kind: 'id-passport', key }],
        },
      });
      expect(placed.status).toBe(201);
      const requestId = String(placed.body?.['request_id']);
      const delivery = await eventually(
        async () => techhub.received.find((d) => d.detail['request_id'] === requestId),
        'the delivery to techhub',
      );
      expect(delivery.outcome).toBe('accepted');
      const view = await eventually(async () => {
        const res = await stack.http('GET', `/portal/requests/${requestId}`);
        return res.status === 200 ? res.body : undefined;
      }, 'the request store');
      expect((view?.['partners'] as { partner: string }[]).map((p) => p.partner)).toEqual(['techhub']);
      const url = String((delivery.detail['documents'] as { url: string }[])[0]?.url);
      const doc = await fetch(url);
      expect([doc.status, await doc.text()]).toEqual([200, '%PDF-1.7 passport']);
      expect((await fetch(url.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(403);
    });

    it('keeps the walkthrough’s legacy event addressed to its partner only', async () => {
      const res = await fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
        body: JSON.stringify({
          Entries: [
            {
              Source: 'com.marketplace.market',
              EventBusName: 'marketplace',
              DetailType: 'marketplace requests',
              Detail: JSON.stringify({
                user_id: '123456789',
                request_status: 'new',
                '3rdparty': '3rdparty1',
                requests1: 'books',
                requests2: 'pens',
              }),
            },
          ],
        }),
      });
      const eventId = ((await res.json()) as { Entries: { EventId: string }[] }).Entries[0]?.EventId ?? '';
      const seen = await eventually(async () => {
        const r = await stack.http('GET', `/api/requests/${eventId}`, {
          key: stack.key('3rdparty1', 'prod'),
        });
        return r.status === 200 ? r.body : undefined;
      }, 'the legacy request in the store');
      expect(seen).toMatchObject({
        request_id: eventId,
        request_types: ['books', 'pens'],
        environment: 'prod',
      });
      expect(
        (await stack.http('GET', `/api/requests/${eventId}`, { key: stack.key('techhub', 'prod') })).status,
      ).toBe(404);
    });
  });

  describe('flow B: a partner’s status travels back to the user', () => {
    it('webhook partner: in-progress then accepted, the user is notified each time', async () => {
      const userId = await registerUser({ preferred_channel: 'sms' });
      const placed = await stack.http('POST', '/portal/requests', {
        body: {
          user_id: userId,
          request_types: ['phones'],
          amount: 300,
          currency: 'GBP',
          environment: 'test',
        },
      });
      const requestId = String(placed.body?.['request_id']);
      await eventually(
        async () =>
          (await stack.http('GET', `/api/requests/${requestId}`, { key: stack.key('techhub') })).status ===
          200
            ? true
            : undefined,
        'the request for techhub',
      );
      for (const status of ['in-progress', 'accepted']) {
        const res = await stack.http('POST', `/api/requests/${requestId}/status`, {
          key: stack.key('techhub'),
          body: { status },
          headers: { 'idempotency-key': `${requestId}-${status}` },
        });
        expect(res.status).toBe(201);
      }
      const view = await eventually(async () => {
        const res = await stack.http('GET', `/portal/requests/${requestId}`);
        return (res.body?.['notifications'] as unknown[] | undefined)?.length === 2 ? res.body : undefined;
      }, 'two notifications');
      expect(
        (view?.['notifications'] as { template: string; channel: string }[]).map((n) => [
          n.template,
          n.channel,
        ]),
      ).toEqual([
        ['request-in-progress', 'sms'],
        ['request-accepted', 'sms'],
      ]);
      expect(view?.['partners']).toMatchObject([{ partner: 'techhub', status: 'accepted' }]);
      expect((view?.['timeline'] as { status: string }[]).map((t) => t.status)).toEqual([
        'in-progress',
        'accepted',
      ]);
    });

    it('poll partner: finds its new request through the API and answers it', async () => {
      const userId = await registerUser();
      const placed = await stack.http('POST', '/portal/requests', {
        body: {
          user_id: userId,
          request_types: ['loans'],
          country: 'GB',
          amount: 9000,
          currency: 'GBP',
          environment: 'test',
        },
      });
      const requestId = String(placed.body?.['request_id']);
      await eventually(
        async () =>
          (await stack.http('GET', `/api/requests/${requestId}`, { key: stack.key('ledgerline') })).status ===
          200
            ? true
            : undefined,
        'the request for ledgerline',
      );
      const poller = startPollPartner({
        id: 'ledgerline',
        apiUrl: stack.apiUrl,
        apiKey: stack.key('ledgerline'),
        intervalMs: 60_000,
      });
      try {
        expect(await poller.pollOnce()).toBeGreaterThanOrEqual(1);
      } finally {
        await poller.close();
      }
      const res = await stack.http('GET', `/api/requests/${requestId}`, { key: stack.key('ledgerline') });
      expect(res.body?.['status']).toBe('accepted');
      await eventually(async () => {
        const r = await stack.http('GET', `/portal/requests/${requestId}`);
        return (r.body?.['notifications'] as unknown[] | undefined)?.length === 2 ? true : undefined;
      }, 'the user notified of ledgerline’s answers');
    });
  });

  describe('self-service takes effect on the bus at once', () => {
    it('changes the API destination and signs with both secrets during a grace period', async () => {
      const client = new EventBridgeClient({
        endpoint: stack.url,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      });
      const described = await client.send(
        new DescribeApiDestinationCommand({ Name: 'portico-techhub-test' }),
      );
      expect(described.InvocationEndpoint).toBe(`${techhub.url}/webhook`);
      client.destroy();
      const old = techhubSecrets[0] ?? '';
      const rotated = await stack.http('POST', '/api/partner/webhook-secret/rotate', {
        key: stack.key('techhub'),
        body: { grace_period_seconds: 3600 },
      });
      const fresh = String(rotated.body?.['secret']);
      // A receiver that knows only the old secret, and one that knows only the new one, both accept.
      for (const secrets of [[old], [fresh]]) {
        techhubSecrets = secrets;
        const userId = await registerUser();
        const placed = await stack.http('POST', '/portal/requests', {
          body: {
            user_id: userId,
            request_types: ['laptops'],
            amount: 500,
            currency: 'USD',
            environment: 'test',
          },
        });
        const delivery = await eventually(
          async () => techhub.received.find((d) => d.detail['request_id'] === placed.body?.['request_id']),
          'a delivery',
        );
        expect(delivery.outcome).toBe('accepted');
      }
      techhubSecrets = [fresh];
    });
  });
});
