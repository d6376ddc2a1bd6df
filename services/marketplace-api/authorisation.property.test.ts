// Property: whatever partners, requests and operations, no partner ever reads or changes another
// partner's request or details. A model of who may see what runs beside the API; every answer and
// the store's final state must agree with it.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { catalogModel } from '../../generated/catalog-model.ts';
import type { Environment, RequestStatus } from '../request-store/request-store.ts';
import { canTransition } from './status-transitions.ts';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.ts';

let api: ApiFixture;
beforeAll(async () => {
  api = await startApiFixture();
});
afterAll(async () => api.close());

const partners = catalogModel.partners.map((p) => p.id);
const envs: Environment[] = ['prod', 'test'];
const caller = fc.record({ partner: fc.constantFrom(...partners), env: fc.constantFrom(...envs) });
const operation = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), who: caller, target: fc.nat(5) }),
  fc.record({
    kind: fc.constant('post' as const),
    who: caller,
    target: fc.nat(5),
    status: fc.constantFrom<RequestStatus>('in-progress', 'accepted', 'declined'),
  }),
  fc.record({
    kind: fc.constant('list' as const),
    who: caller,
    status: fc.option(fc.constantFrom<RequestStatus>('new', 'in-progress', 'accepted', 'declined'), {
      nil: undefined,
    }),
  }),
  fc.record({
    kind: fc.constant('patch' as const),
    who: caller,
    name: fc.string({ minLength: 1, maxLength: 20 }),
  }),
  fc.record({ kind: fc.constant('rotate' as const), who: caller }),
);
const scenario = fc.record({
  requests: fc.array(
    fc.subarray(
      partners.flatMap((p) => envs.map((e) => `${p}/${e}`)),
      { maxLength: 4 },
    ),
    { minLength: 1, maxLength: 6 },
  ),
  operations: fc.array(operation, { minLength: 1, maxLength: 12 }),
});

it('no partner reads or changes what is not its own', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ requests, operations }) => {
      // model: request index -> "partner/env" -> status
      const model = new Map<number, Map<string, RequestStatus>>();
      const ids: string[] = [];
      for (const [i, owners] of requests.entries()) {
        const byEnv = new Map<Environment, string[]>();
        for (const o of owners) {
          const [p, e] = o.split('/') as [string, Environment];
          byEnv.set(e, [...(byEnv.get(e) ?? []), p]);
        }
        // One request lives in one environment: keep the owners of the first environment named.
        const env = (owners[0]?.split('/')[1] as Environment | undefined) ?? 'prod';
        ids.push(await api.placeRequest(byEnv.get(env) ?? [], env));
        model.set(i, new Map((byEnv.get(env) ?? []).map((p) => [`${p}/${env}`, 'new' as RequestStatus])));
      }
      const details = async () =>
        Object.fromEntries(
          await Promise.all(
            partners.map(
              async (p) => [p, (await api.call('GET', '/partner', { key: api.keyOf(p) })).body] as const,
            ),
          ),
        );
      for (const op of operations) {
        const key = api.keyOf(op.who.partner, op.who.env);
        const me = `${op.who.partner}/${op.who.env}`;
        if (op.kind === 'get' || op.kind === 'post') {
          const index = op.target % ids.length;
          const mine = model.get(index)?.get(me);
          if (op.kind === 'get') {
            const res = await api.call('GET', `/requests/${ids[index]}`, { key });
            expect(res.status).toBe(mine ? 200 : 404);
          } else {
            const res = await api.call('POST', `/requests/${ids[index]}/status`, {
              key,
              body: { status: op.status },
              headers: { 'idempotency-key': crypto.randomUUID() },
            });
            const want = !mine ? 404 : canTransition(mine, op.status) ? 201 : 409;
            expect(res.status).toBe(want);
            if (want === 201) model.get(index)?.set(me, op.status);
          }
        } else if (op.kind === 'list') {
          const res = await api.call('GET', `/requests?limit=100${op.status ? `&status=${op.status}` : ''}`, {
            key,
          });
          const visible = new Set(ids.filter((_id, i) => model.get(i)?.has(me)));
          for (const item of res.body?.['items'] as { request_id: string }[])
            if (ids.includes(item.request_id)) expect(visible.has(item.request_id)).toBe(true);
        } else {
          const before = await details();
          const secretsBefore = api.settingsCalls.length;
          const res =
            op.kind === 'patch'
              ? await api.call('PATCH', '/partner', { key, body: { name: op.name } })
              : await api.call('POST', '/partner/webhook-secret/rotate', {
                  key,
                  body: { grace_period_seconds: 0 },
                });
          // 403: a test key may not rename the partner (environment-scope.ts).
          expect([200, 201, 403, 422]).toContain(res.status);
          const after = await details();
          for (const p of partners) if (p !== op.who.partner) expect(after[p]).toEqual(before[p]);
          for (const call of api.settingsCalls.slice(secretsBefore)) expect(call[1]).toBe(op.who.partner);
        }
      }
      // The store agrees with the model: nobody's status moved but by its own hand.
      for (const [i, owners] of model) {
        const overview = await api.store.overview(ids[i] ?? '');
        const actual = new Map(overview?.assignments.map((a) => [`${a.partner}/${a.environment}`, a.status]));
        expect(actual).toEqual(owners);
      }
    }),
    { numRuns: 40 },
  );
});
