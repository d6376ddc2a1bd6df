// PATCH /partner over HTTP as RFC 7396 says (merge, `null` removes, the merged document validated
// whole), and as one unit: a failure injected at each step leaves the partner's details, the bus's
// settings and the events as they were. On both stores (SQLite locally, DynamoDB on AWS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture, type FaultPoint } from './testing/api-fixture.ts';

const pointers = (body?: Record<string, unknown>) =>
  ((body?.['errors'] as { pointer: string }[] | undefined) ?? []).map((e) => e.pointer);

describe.each(['sqlite', 'dynamodb'] as const)('PATCH /partner on %s stores', (stores) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture({ stores });
  });
  afterAll(async () => api.close());

  describe('merges (RFC 7396)', () => {
    // techhub's catalogue contact: integrations@techhub.example, +442079460000, no name.
    it.each([
      [
        'one nested member keeps its siblings',
        { contact: { email: 'ops@techhub.example' } },
        { email: 'ops@techhub.example', phone: '+442079460000' },
      ],
      [
        'null removes an optional member',
        { contact: { phone: null } },
        { email: 'integrations@techhub.example' },
      ],
      [
        'a member the patch adds is validated in the merged document',
        { contact: { phone: '+33612345678', name: 'Ops' } },
        { email: 'integrations@techhub.example', phone: '+33612345678', name: 'Ops' },
      ],
    ])('%s', async (_name, body, contact) => {
      const fixture = await startApiFixture({ stores });
      try {
        const res = await fixture.call('PATCH', '/partner', { key: fixture.keyOf('techhub', 'prod'), body });
        expect([res.status, res.body?.['contact']]).toEqual([200, contact]);
        const read = await fixture.call('GET', '/partner', { key: fixture.keyOf('techhub', 'prod') });
        expect(read.body?.['contact']).toEqual(contact);
      } finally {
        await fixture.close();
      }
    });

    it.each([
      ['removing a required member', { contact: { email: null } }, ['/contact/email']],
      ['an invalid phone', { contact: { phone: '0612' } }, ['/contact/phone']],
      [
        'an OAuth token URL over http (only the selected auth type is reported)',
        {
          environments: {
            prod: {
              auth: {
                type: 'oauth_client_credentials',
                token_url: 'http://x.example/t',
                client_id: 'a',
                client_secret: 'b',
              },
            },
          },
        },
        ['/environments/prod/auth/token_url'],
      ],
      [
        'credentials merged into the current type that lack its other members',
        { environments: { prod: { auth: { client_secret: 'new' } } } },
        ['/environments/prod/auth/token_url', '/environments/prod/auth/client_id'],
      ],
      [
        'an unknown auth type',
        { environments: { prod: { auth: { type: 'magic' } } } },
        ['/environments/prod/auth/type'],
      ],
      [
        'a plain-HTTP prod endpoint',
        { environments: { prod: { endpoint: 'http://x.example/' } } },
        ['/environments/prod/endpoint'],
      ],
    ])('refuses %s with 422 naming only the member at fault', async (_name, body, want) => {
      const before = api.events.length;
      const res = await api.call('PATCH', '/partner', { key: api.keyOf('techhub', 'prod'), body });
      expect([res.status, pointers(res.body)]).toEqual([422, want]);
      expect(api.events.length).toBe(before);
    });
  });

  describe('applies as one unit', () => {
    const patch = {
      name: 'Wanderly Travel',
      contact: { email: 'ops@wanderly.example' },
      environments: {
        prod: {
          endpoint: 'https://new.wanderly.example/hook',
          auth: { type: 'basic', username: 'u', password: 'p' },
        },
      },
    };
    it.each<[string, FaultPoint]>([
      ['the endpoint', 'endpoint'],
      ['the credentials, after the endpoint changed', 'auth'],
      ['the stored details, after the bus changed', 'store'],
      ['the announcement, after everything else', 'announce'],
    ])('a failure at %s leaves every part as it was', async (_name, failAt) => {
      const fixture = await startApiFixture({ stores });
      try {
        const key = fixture.keyOf('wanderly', 'prod');
        const view = await fixture.call('GET', '/partner', { key });
        const bus = structuredClone([...fixture.bus]);
        const events = fixture.events.length;
        Object.assign(fixture.faults, { failAt });
        const res = await fixture.call('PATCH', '/partner', { key, body: patch });
        expect(res.status).toBe(500);
        expect((await fixture.call('GET', '/partner', { key })).body).toEqual(view.body);
        expect([...fixture.bus]).toEqual(bus);
        expect(fixture.events.length).toBe(events);
        // The same change, once nothing fails, goes through whole.
        const retry = await fixture.call('PATCH', '/partner', { key, body: patch });
        expect([retry.status, retry.body?.['name']]).toEqual([200, 'Wanderly Travel']);
        expect(fixture.events.slice(events).map((e) => e.detail['changed_fields'])).toEqual([
          ['name', 'contact'],
          ['endpoint', 'auth'],
        ]);
      } finally {
        await fixture.close();
      }
    });

    it('answers 422 naming the member when the bus refuses a value, with nothing changed', async () => {
      const fixture = await startApiFixture({ stores });
      try {
        const key = fixture.keyOf('wanderly', 'prod');
        const view = await fixture.call('GET', '/partner', { key });
        const bus = structuredClone([...fixture.bus]);
        const refused = Object.assign(new Error('InvocationEndpoint is not a valid endpoint'), {
          name: 'ValidationException',
        });
        Object.assign(fixture.faults, { failAt: 'auth', error: refused });
        const res = await fixture.call('PATCH', '/partner', { key, body: patch });
        expect([res.status, pointers(res.body)]).toEqual([422, ['/environments/prod/auth']]);
        expect((await fixture.call('GET', '/partner', { key })).body).toEqual(view.body);
        expect([...fixture.bus]).toEqual(bus);
      } finally {
        await fixture.close();
      }
    });
  });
});
