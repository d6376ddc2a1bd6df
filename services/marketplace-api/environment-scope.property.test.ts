// Property, through HTTP: whatever (key, environment, operation, target environment), no call
// changes or reveals anything outside the key's partner and environment. The oracle is the full,
// unscoped registry view of every (partner, environment) and the bus settings calls recorded by
// the fixture: a call may touch its own (partner, environment) only, and the partner-wide name and
// contact only with the prod key (environment-scope.ts, docs/security.md).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogModel } from '../../generated/catalog-model.ts';
import type { Environment } from '../request-store/request-store.ts';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.ts';

let api: ApiFixture;
beforeAll(async () => {
  api = await startApiFixture();
});
afterAll(async () => api.close());

const partners = catalogModel.partners.map((p) => p.id);
const envs: Environment[] = ['prod', 'test'];
const endpointOf = (env: Environment, n: number) =>
  env === 'prod' ? `https://p${n}.attacker.example/hook` : `http://127.0.0.1:${4200 + n}/hook`;
const kinds = ['get', 'endpoint', 'auth', 'name', 'contact', 'rotate', 'list'] as const;
type Kind = (typeof kinds)[number];

function call(kind: Kind, key: string, target: Environment, n: number) {
  switch (kind) {
    case 'get':
      return api.call('GET', '/partner', { key });
    case 'list':
      return api.call('GET', '/requests?limit=100', { key });
    case 'rotate':
      return api.call('POST', '/partner/webhook-secret/rotate', { key, body: { grace_period_seconds: n } });
    case 'name':
      return api.call('PATCH', '/partner', { key, body: { name: `Renamed ${n}` } });
    case 'contact':
      return api.call('PATCH', '/partner', { key, body: { contact: { email: `x${n}@attacker.example` } } });
    case 'endpoint':
      return api.call('PATCH', '/partner', {
        key,
        body: { environments: { [target]: { endpoint: endpointOf(target, n) } } },
      });
    case 'auth':
      return api.call('PATCH', '/partner', {
        key,
        body: {
          environments: { [target]: { auth: { type: 'basic', username: 'attacker', password: `p${n}` } } },
        },
      });
  }
}

/** Everything about every (partner, environment), read past the scope. */
async function everything() {
  const out = new Map<string, unknown>();
  for (const p of partners)
    for (const e of envs) {
      const view = await api.api.partners.view(p, e);
      out.set(`${p}/${e}`, { env: view?.environments[e], secret: view?.webhook_secret });
      out.set(`${p}/*`, { name: view?.name, contact: view?.contact });
    }
  return out;
}

describe('environment scope', () => {
  it('no call changes or reveals anything outside the key’s partner and environment', async () => {
    const tuple = fc.record({
      partner: fc.constantFrom(...partners),
      env: fc.constantFrom(...envs),
      kind: fc.constantFrom(...kinds),
      target: fc.constantFrom(...envs),
      n: fc.nat(99),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(tuple, { minLength: 1, maxLength: 8 }), async (calls) => {
        for (const { partner, env, kind, target, n } of calls) {
          const before = await everything();
          const settingsBefore = api.settingsCalls.length;
          const res = await call(kind, api.keyOf(partner, env), target, n);
          const after = await everything();

          const reachesOut =
            ((kind === 'endpoint' || kind === 'auth') && target !== env) ||
            ((kind === 'name' || kind === 'contact') && env !== 'prod');
          if (reachesOut) {
            expect(res.status).toBe(403);
            const pointers = (res.body?.['errors'] as { pointer: string }[]).map((e) => e.pointer);
            expect(pointers).toEqual([
              kind === 'name' || kind === 'contact' ? `/${kind}` : `/environments/${target}`,
            ]);
          } else expect([200, 201, 422]).toContain(res.status);

          // Changes: only the key's own (partner, env), and partner-wide members with the prod key.
          for (const [where, value] of after) {
            const mine = where === `${partner}/${env}` || (where === `${partner}/*` && env === 'prod');
            if (!mine) expect(value, where).toEqual(before.get(where));
          }
          for (const c of api.settingsCalls.slice(settingsBefore))
            expect(c.slice(1, 3)).toEqual([partner, env]);

          // Reads: only the key's own environment is shown.
          if (res.status === 200 && kind !== 'list') {
            expect(Object.keys(res.body?.['environments'] as object)).toEqual([env]);
            const other = envs.find((e) => e !== env) as Environment;
            const hidden = (await api.api.partners.view(partner, other))?.environments[other]?.endpoint;
            if (hidden) expect(JSON.stringify(res.body)).not.toContain(hidden);
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});
