// The Marketplace API over HTTP, through the local API Gateway adapter, with the bus recorded: one
// suite, run on the SQLite stores (marketplace-api.test.ts) and on the DynamoDB stores over an
// in-memory DynamoDB stand-in (marketplace-api.dynamodb.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueProblems } from '../marketplace/testing/catalogue-events.ts';
import { startApiFixture, type ApiFixture, type ApiStores } from './testing/api-fixture.ts';

export function marketplaceApiSuite(stores: ApiStores): void {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture({ stores });
  });
  afterAll(async () => {
    // Whatever the tests made the API put on the bus is valid against catalog/asyncapi.yaml.
    expect(api.events.length).toBeGreaterThan(0);
    // The DynamoDB run did keep its keys, idempotency records and changes in the stand-in.
    if (stores === 'dynamodb') expect(api.dynamo.commands.length).toBeGreaterThan(0);
    else expect(api.dynamo.commands).toEqual([]);
    for (const e of api.events)
      expect(catalogueProblems(e.source, e.detailType, e.detail), e.detailType).toEqual([]);
    await api.close();
  });

  const problem = (res: { status: number; headers: Headers; body?: Record<string, unknown> }) => ({
    status: res.status,
    type: res.headers.get('content-type'),
    pointers: ((res.body?.['errors'] as { pointer: string }[] | undefined) ?? []).map((e) => e.pointer),
  });

  describe('authentication', () => {
    it.each([
      ['no key', undefined],
      ['an unknown key', 'pk_test_nope'],
    ])('answers 401 problem+json for %s', async (_name, key) => {
      const res = await api.call('GET', '/requests', key ? { key } : {});
      expect(problem(res)).toEqual({ status: 401, type: 'application/problem+json', pointers: [] });
    });
  });

  describe('requests', () => {
    it('lists only the partner’s own requests, newest first, with a cursor', async () => {
      const mine = [
        await api.placeRequest(['techhub']),
        await api.placeRequest(['techhub', 'wanderly']),
        await api.placeRequest(['techhub']),
      ];
      await api.placeRequest(['wanderly']);
      const first = await api.call('GET', '/requests?limit=2', { key: api.keyOf('techhub') });
      expect(first.status).toBe(200);
      const ids = (first.body?.['items'] as { request_id: string }[]).map((r) => r.request_id);
      expect(ids).toEqual([mine[2], mine[1]]);
      const next = await api.call('GET', `/requests?limit=2&cursor=${String(first.body?.['next_cursor'])}`, {
        key: api.keyOf('techhub'),
      });
      expect(next.body).toMatchObject({ items: [{ request_id: mine[0] }], next_cursor: null });
    });

    it('filters by status', async () => {
      const id = await api.placeRequest(['officenest']);
      await api.call('POST', `/requests/${id}/status`, {
        key: api.keyOf('officenest'),
        body: { status: 'in-progress' },
        headers: { 'idempotency-key': 'f1' },
      });
      await api.placeRequest(['officenest']);
      const res = await api.call('GET', '/requests?status=in-progress', { key: api.keyOf('officenest') });
      expect((res.body?.['items'] as { request_id: string }[]).map((r) => r.request_id)).toEqual([id]);
    });

    it('folds the legacy requests1/requests2 into request_types', async () => {
      const id = await api.placeRequest(['3rdparty1'], 'test', {
        request_types: undefined,
        requests1: 'books',
        requests2: 'pens',
      });
      const res = await api.call('GET', `/requests/${id}`, { key: api.keyOf('3rdparty1') });
      expect(res.body).toMatchObject({
        request_id: id,
        status: 'new',
        request_types: ['books', 'pens'],
        environment: 'test',
      });
    });

    it.each([
      ['another partner’s request', 'wanderly', 'test'],
      ['its own request with its other environment’s key', 'techhub', 'prod'],
    ] as const)('answers 404 for %s', async (_name, partner, env) => {
      const id = await api.placeRequest(['techhub']);
      const res = await api.call('GET', `/requests/${id}`, { key: api.keyOf(partner, env) });
      expect(problem(res).status).toBe(404);
      expect(res.body?.['detail']).not.toContain('techhub');
    });

    it.each([
      ['a bad limit', '/requests?limit=0', ['/query/limit']],
      ['an unknown status', '/requests?status=done', ['/query/status']],
      ['another environment than the key’s', '/requests?environment=prod', ['/query/environment']],
      ['a forged cursor', '/requests?cursor=abc', ['/query/cursor']],
      ['a request id that is no uuid', '/requests/42', ['/path/requestId']],
    ])('answers 422 naming the pointer for %s', async (_name, path, pointers) => {
      expect(problem(await api.call('GET', path, { key: api.keyOf('techhub') }))).toEqual({
        status: 422,
        type: 'application/problem+json',
        pointers,
      });
    });
  });

  describe('status updates', () => {
    const post = (id: string, body: unknown, key: string, partner = 'techhub') =>
      api.call('POST', `/requests/${id}/status`, {
        key: api.keyOf(partner),
        body,
        headers: { 'idempotency-key': key },
      });

    it('walks new → in-progress → accepted and puts one event for each', async () => {
      const id = await api.placeRequest(['techhub']);
      const before = api.events.length;
      expect((await post(id, { status: 'in-progress' }, `${id}-1`)).status).toBe(201);
      const accepted = await post(id, { status: 'accepted' }, `${id}-2`);
      expect(accepted).toMatchObject({
        status: 201,
        body: { request_id: id, status: 'accepted', previous_status: 'in-progress' },
      });
      expect(
        api.events
          .slice(before)
          .map((e) => [e.source, e.detailType, e.detail['request_status'], e.detail['partner']]),
      ).toEqual([
        ['com.marketplace.api', 'request status changed', 'in-progress', 'techhub'],
        ['com.marketplace.api', 'request status changed', 'accepted', 'techhub'],
      ]);
    });

    it.each([
      ['declined → accepted', ['declined', 'accepted']],
      ['accepted → in-progress', ['accepted', 'in-progress']],
      ['in-progress → in-progress', ['in-progress', 'in-progress']],
    ])('refuses %s with 409', async (_name, [first, second]) => {
      const id = await api.placeRequest(['techhub']);
      expect((await post(id, { status: first }, `${id}-a`)).status).toBe(201);
      const res = await post(id, { status: second }, `${id}-b`);
      expect([res.status, res.body?.['type']]).toEqual([
        409,
        'https://portico.example/problems/invalid-transition',
      ]);
    });

    it('replays the same key and body with 200 and no second event; another body is 409', async () => {
      const id = await api.placeRequest(['techhub']);
      const first = await post(id, { status: 'declined', reason: 'no stock' }, 'k-replay');
      const count = api.events.length;
      const again = await api.call('POST', `/requests/${id}/status`, {
        key: api.keyOf('techhub'),
        body: '{ "reason": "no stock",   "status": "declined" }',
        headers: { 'idempotency-key': 'k-replay' },
      });
      expect([first.status, again.status, again.body]).toEqual([201, 200, first.body]);
      expect(api.events.length).toBe(count);
      expect((await post(id, { status: 'accepted' }, 'k-replay')).status).toBe(409);
    });

    it('scopes idempotency keys to the partner', async () => {
      const a = await api.placeRequest(['techhub']);
      const b = await api.placeRequest(['wanderly']);
      expect((await post(a, { status: 'accepted' }, 'shared-key')).status).toBe(201);
      expect((await post(b, { status: 'accepted' }, 'shared-key', 'wanderly')).status).toBe(201);
    });

    it.each([
      ['a missing Idempotency-Key', { status: 'accepted' }, {}, ['/header/Idempotency-Key']],
      ['a status a partner cannot set', { status: 'new' }, { 'idempotency-key': 'x' }, ['/status']],
      ['an unknown member', { status: 'accepted', colour: 'red' }, { 'idempotency-key': 'x' }, ['/colour']],
      ['no status', {}, { 'idempotency-key': 'x' }, ['/status']],
    ])('answers 422 for %s', async (_name, body, headers, pointers) => {
      const id = await api.placeRequest(['techhub']);
      const res = await api.call('POST', `/requests/${id}/status`, {
        key: api.keyOf('techhub'),
        body,
        headers,
      });
      expect(problem(res)).toEqual({ status: 422, type: 'application/problem+json', pointers });
    });

    it('answers 400 problem+json for a body that is not JSON', async () => {
      const id = await api.placeRequest(['techhub']);
      const res = await api.call('POST', `/requests/${id}/status`, {
        key: api.keyOf('techhub'),
        body: '{nope',
        headers: { 'idempotency-key': 'x' },
      });
      expect(problem(res)).toMatchObject({ status: 400, type: 'application/problem+json' });
    });
  });

  describe('self-service', () => {
    it('reads its own details without secrets', async () => {
      const res = await api.call('GET', '/partner', { key: api.keyOf('techhub') });
      expect(res.body).toMatchObject({
        id: 'techhub',
        delivery: 'webhook',
        environments: { test: { endpoint: 'https://staging.techhub.example/portico/webhook' } },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/secret"|client_secret|value/);
    });

    it('changes an endpoint and credentials on the bus at once and announces which fields changed', async () => {
      const before = api.events.length;
      const res = await api.call('PATCH', '/partner', {
        key: api.keyOf('wanderly', 'prod'),
        body: {
          contact: { email: 'ops@wanderly.example' },
          environments: {
            prod: {
              endpoint: 'https://hooks.wanderly.example/hook',
              auth: { type: 'basic', username: 'u', password: 'p' },
            },
          },
        },
      });
      expect(res.body).toMatchObject({
        contact: { email: 'ops@wanderly.example' },
        environments: { prod: { endpoint: 'https://hooks.wanderly.example/hook', auth_type: 'basic' } },
      });
      expect(api.settingsCalls.filter((c) => c[1] === 'wanderly').map((c) => c.slice(0, 3))).toEqual([
        ['endpoint', 'wanderly', 'prod'],
        ['auth', 'wanderly', 'prod'],
      ]);
      expect(
        api.events.slice(before).map((e) => [e.detail['changed_fields'], e.detail['environment']]),
      ).toEqual([
        [['contact'], undefined],
        [['endpoint', 'auth'], 'prod'],
      ]);
      expect(JSON.stringify(api.events.slice(before))).not.toContain('"p"');
    });

    it.each([
      [
        'a plain-HTTP prod endpoint',
        { environments: { prod: { endpoint: 'http://x.example/' } } },
        '/environments/prod/endpoint',
      ],
      ['an empty patch', {}, ''],
      [
        'a credential header that frames the request (Host)',
        { environments: { prod: { auth: { type: 'api_key', header: 'Host', value: 'x' } } } },
        '/environments/prod/auth/header',
      ],
      [
        'a credential header that forges the signed webhook id',
        { environments: { prod: { auth: { type: 'api_key', header: 'webhook-id', value: 'x' } } } },
        '/environments/prod/auth/header',
      ],
      [
        'a credential header Transfer-Encoding',
        { environments: { prod: { auth: { type: 'api_key', header: 'Transfer-Encoding', value: 'x' } } } },
        '/environments/prod/auth/header',
      ],
      [
        'an OAuth token URL at the metadata service',
        {
          environments: {
            prod: {
              auth: {
                type: 'oauth_client_credentials',
                token_url: 'https://169.254.169.254/latest',
                client_id: 'c',
                client_secret: 's',
              },
            },
          },
        },
        '/environments/prod/auth/token_url',
      ],
      [
        'an unknown auth type',
        { environments: { test: { auth: { type: 'magic' } } } },
        '/environments/test/auth/type',
      ],
    ])('refuses %s with 422', async (_name, body, pointer) => {
      const res = await api.call('PATCH', '/partner', { key: api.keyOf('techhub', 'prod'), body });
      expect(res.status).toBe(422);
      expect(problem(res).pointers).toContain(pointer);
    });

    it('rotates the webhook secret with a grace period in which both sign', async () => {
      const res = await api.call('POST', '/partner/webhook-secret/rotate', {
        key: api.keyOf('printworks'),
        body: { grace_period_seconds: 60 },
      });
      expect(res.status).toBe(201);
      const secret = String(res.body?.['secret']);
      expect(secret).toMatch(/^whsec_/);
      const second = await api.call('POST', '/partner/webhook-secret/rotate', {
        key: api.keyOf('printworks'),
      });
      const calls = api.settingsCalls.filter((c) => c[0] === 'secrets' && c[1] === 'printworks');
      expect(calls.at(-1)?.slice(2)).toEqual(['test', [second.body?.['secret'], secret]]);
      const view = await api.call('GET', '/partner', { key: api.keyOf('printworks') });
      expect(view.body?.['webhook_secret']).toMatchObject({ created_at: second.body?.['created_at'] });
    });

    it('refuses to rotate a polling partner’s secret', async () => {
      expect(
        (await api.call('POST', '/partner/webhook-secret/rotate', { key: api.keyOf('ledgerline') })).status,
      ).toBe(422);
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After once the partner’s bucket is empty', async () => {
      const limited = await startApiFixture({ stores, rate: { perSecond: 1, burst: 2 } });
      try {
        const statuses: number[] = [];
        let retryAfter: string | null = null;
        for (let i = 0; i < 3; i++) {
          const res = await limited.call('GET', '/partner', { key: limited.keyOf('techhub') });
          statuses.push(res.status);
          retryAfter = res.headers.get('retry-after') ?? retryAfter;
        }
        expect(statuses).toEqual([200, 200, 429]);
        expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
        expect((await limited.call('GET', '/partner', { key: limited.keyOf('wanderly') })).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
}
