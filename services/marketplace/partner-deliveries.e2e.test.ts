// A partner's own deliveries through the Marketplace API (GET /partner/deliveries, resend, test
// event), against the whole local stack: the bus routes real events, the worker delivers them to
// partners on free ports, which verify each signature with the `standardwebhooks` package.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPartner, type DemoPartner } from './testing/demo-partner.ts';
import { eventually, putMarketplaceRequest, startStack, type Stack } from './testing/stack.ts';

let stack: Stack;
const partners: Record<string, DemoPartner> = {};
const WEBHOOK_PARTNERS = ['techhub', 'officenest'] as const;

// Twice: the Marketplace API in-process on the bus's port, and in its own thread (api-thread.ts),
// whose writes and events go back through the bus's thread.
describe.each([
  { api: 'in-process', apiThread: false },
  { api: 'in its own thread', apiThread: true },
])('Marketplace API $api', ({ apiThread }) => {
  beforeAll(async () => {
    stack = await startStack({ apiThread });
    for (const id of WEBHOOK_PARTNERS) {
      // Credentials the partner's own server checks (techhub's catalogue OAuth token URL is a fixed port).
      partners[id] = await connectPartner(stack, id);
    }
  });
  afterAll(async () => {
    for (const p of Object.values(partners)) await p.server.close();
    await stack?.close();
  });

  const putRequest = (partner: string, environment: 'prod' | 'test') =>
    putMarketplaceRequest(stack, partner, environment);

  interface Page {
    items: {
      id: string;
      request_id: string | null;
      environment: string;
      status: string;
      attempts: unknown[];
    }[];
    next_cursor: string | null;
  }

  async function allDeliveries(key: string): Promise<Page['items']> {
    const items: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const res = await stack.http(
        'GET',
        `/api/partner/deliveries?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key },
      );
      expect(res.status).toBe(200);
      const page = res.body as unknown as Page;
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  }

  describe('GET /partner/deliveries', () => {
    it('lists exactly the deliveries of the key’s partner and environment (property)', async () => {
      const scopes = WEBHOOK_PARTNERS.flatMap((p) => (['prod', 'test'] as const).map((e) => [p, e] as const));
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.constantFrom(...scopes), { minLength: 1, maxLength: 8 }),
          async (puts) => {
            const mine = new Map<string, Set<string>>(scopes.map(([p, e]) => [`${p}/${e}`, new Set()]));
            for (const [p, e] of puts) mine.get(`${p}/${e}`)!.add(await putRequest(p, e));
            const ours = new Set([...mine.values()].flatMap((s) => [...s]));
            for (const [p, e] of scopes) {
              const seen = (await allDeliveries(stack.key(p, e))).filter((d) => ours.has(d.request_id ?? ''));
              expect(new Set(seen.map((d) => d.request_id))).toEqual(mine.get(`${p}/${e}`));
              expect(seen.every((d) => d.environment === e)).toBe(true);
              // Paging neither repeats nor skips: one delivery per request, each listed once.
              expect(new Set(seen.map((d) => d.id)).size).toBe(seen.length);
            }
          },
        ),
        { numRuns: 5 },
      );
    });

    it.each([
      ['a cursor this API did not hand out', '/api/partner/deliveries?cursor=bm9wZQ', 422],
      ['a status that does not exist', '/api/partner/deliveries?status=lost', 422],
      ['a limit over 100', '/api/partner/deliveries?limit=101', 422],
    ])('refuses %s with problem+json', async (_name, path, status) => {
      const res = await stack.http('GET', path, { key: stack.key('techhub') });
      expect([res.status, res.headers.get('content-type')]).toEqual([status, 'application/problem+json']);
    });
  });

  describe('POST /partner/deliveries/{id}/resend and /partner/test-event', () => {
    it('resends a delivery that succeeded: it arrives again, signed, with the same webhook-id', async () => {
      const techhub = partners.techhub!.server;
      const requestId = await putRequest('techhub', 'test');
      const first = await eventually(
        async () => techhub.received.find((d) => d.detail['request_id'] === requestId),
        'the first delivery',
      );
      expect(first.outcome).toBe('accepted');
      const listed = await eventually(async () => {
        const res = await stack.http('GET', `/api/partner/deliveries?request_id=${requestId}`, {
          key: stack.key('techhub'),
        });
        const item = (res.body as unknown as Page).items[0];
        return item?.status === 'succeeded' ? item : undefined;
      }, 'the delivery marked succeeded');
      const resent = await stack.http('POST', `/api/partner/deliveries/${listed.id}/resend`, {
        key: stack.key('techhub'),
      });
      expect(resent.status).toBe(202);
      const again = await eventually(
        async () => techhub.received.filter((d) => d.detail['request_id'] === requestId)[1],
        'the resent delivery',
      );
      expect([again.outcome, again.webhookId]).toEqual(['accepted', first.webhookId]);
    });

    it('sends a signed test event to the partner’s endpoint of the key’s environment', async () => {
      const officenest = partners.officenest!.server;
      const res = await stack.http('POST', '/api/partner/test-event', { key: stack.key('officenest') });
      expect(res.status).toBe(202);
      const eventId = String(res.body?.['event_id']);
      const got = await eventually(
        async () => officenest.received.find((d) => d.eventId === eventId),
        'the test event',
      );
      expect([got.outcome, got.detail['3rdparty'], got.detail['environment']]).toEqual([
        'accepted',
        'officenest',
        'test',
      ]);
    });

    it.each([
      ['another partner’s delivery', 'officenest', 404],
      ['the same partner’s delivery in prod', 'techhub-prod', 404],
      ['no such delivery', 'dlv_999999999', 404],
      ['a malformed id', 'nope', 422],
    ])('answers %s with problem+json', async (_name, whose, status) => {
      let id = whose;
      if (whose === 'officenest' || whose === 'techhub-prod') {
        const [p, e] = whose === 'officenest' ? ['officenest', 'test'] : ['techhub', 'prod'];
        await putRequest(p!, e as 'prod' | 'test');
        id = (await allDeliveries(stack.key(p!, e as 'prod' | 'test')))[0]!.id;
      }
      const res = await stack.http('POST', `/api/partner/deliveries/${id}/resend`, {
        key: stack.key('techhub'),
      });
      expect([res.status, res.headers.get('content-type')]).toEqual([status, 'application/problem+json']);
    });

    it('refuses a test event for a partner that polls', async () => {
      const res = await stack.http('POST', '/api/partner/test-event', { key: stack.key('ledgerline') });
      expect(res.status).toBe(422);
    });
  });
});
