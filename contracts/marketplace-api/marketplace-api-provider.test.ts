// Provider verification: the real Marketplace API (its Lambda handler behind the local API
// Gateway adapter, on SQLite) against contracts/pacts/partner-marketplace-api.json, with the
// pact's provider states seeded by state handlers. Each interaction gets a fresh API, so no
// interaction sees what another one changed.
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapterServer } from '../../services/api-gateway/local-adapter.ts';
import { silentLogger } from '../../services/api-gateway/logger.ts';
import { startApiFixture, type ApiFixture } from '../../services/marketplace-api/testing/api-fixture.ts';
import { loadContractSources } from '../../scripts/contracts/contract-sources.ts';
import {
  DELIVERIES_STATE,
  PARTNER_STATE,
  REQUESTS_STATE,
} from '../../scripts/contracts/marketplace-api-interactions.ts';
import { fixtureRoute } from '../../services/marketplace-api/testing/fixture-delivery-log.ts';
import { seedEndedDeliveries } from '../../services/marketplace/provider-state-seeds.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PACT = join(ROOT, 'contracts/pacts/partner-marketplace-api.json');

let current: ApiFixture | undefined;
let front: Awaited<ReturnType<typeof startAdapterServer>>;
let openRequest: Record<string, unknown>;

beforeAll(async () => {
  const sources = await loadContractSources(ROOT);
  const examples = (
    sources.marketplaceApi.components as { examples: Record<string, { value: Record<string, unknown> }> }
  ).examples;
  openRequest = examples.OpenRequest?.value ?? {};
  // One stable address for the verifier; behind it, the fixture of the current interaction.
  front = await startAdapterServer(
    [
      {
        prefix: '/api',
        functionName: 'marketplace-api',
        handler: (event, ctx) => (current as ApiFixture).api.handler(event, ctx),
      },
    ],
    silentLogger,
  );
});

afterAll(async () => {
  await current?.close();
  await front?.close();
});

async function freshApi(): Promise<void> {
  await current?.close();
  current = await startApiFixture();
}

describe('Marketplace API, provider side', () => {
  it('honours the partner -> marketplace-api pact', async () => {
    const verifier = new Verifier({
      provider: 'marketplace-api',
      providerBaseUrl: `${front.url}/api`,
      pactUrls: [PACT],
      logLevel: 'error',
      beforeEach: async () => freshApi(),
      stateHandlers: {
        [PARTNER_STATE]: async (params?: unknown) => {
          const { partner_id, api_key, environment } = params as {
            partner_id: string;
            api_key: string;
            environment: 'prod' | 'test';
          };
          const fixture = current as ApiFixture;
          fixture.api.apiKeys.set(partner_id, environment, api_key);
          // Through the API's own operation: the partner view shows the secret's metadata only then.
          const rotated = await fixture.call('POST', '/partner/webhook-secret/rotate', {
            key: api_key,
            body: { grace_period_seconds: 0 },
          });
          if (rotated.status !== 201)
            throw new Error(`state "${PARTNER_STATE}": rotate answered ${rotated.status}`);
          return undefined;
        },
        [DELIVERIES_STATE]: async (params?: unknown) => {
          const { partner_id, environment, count } = params as {
            partner_id: string;
            environment: 'prod' | 'test';
            count: number;
          };
          const queue = (current as ApiFixture).deliveryQueue;
          const route = fixtureRoute({ partner: partner_id, environment });
          if (!route) throw new Error(`the catalogue has no rule for ${partner_id} ${environment}`);
          const write = async <T>(work: () => T) => queue.transaction(work);
          // The pact's path takes the id from here (a `ProviderState` generator).
          return { delivery_id: await seedEndedDeliveries(queue, write, route, count) };
        },
        [REQUESTS_STATE]: async (params?: unknown) => {
          const { partner_id, environment, count } = params as {
            partner_id: string;
            environment: 'prod' | 'test';
            count: number;
          };
          const request_id = crypto.randomUUID();
          const fixture = current as ApiFixture;
          const { request_id: _id, status: _s, created_at: _c, updated_at: _u, ...detail } = openRequest;
          for (let i = 0; i < count; i++) {
            const requestId = i === count - 1 ? request_id : crypto.randomUUID();
            await fixture.store.record(
              {
                requestId,
                userId: String(detail.user_id),
                environment,
                detail: { ...detail, request_id: requestId, request_status: 'new' },
                createdAt: new Date(Date.UTC(2025, 10, 20, 9, i)).toISOString(),
              },
              [{ partner: partner_id, environment }],
            );
          }
          return { request_id };
        },
      },
    });
    const output = await verifier.verifyProvider().catch((e: Error) => e.message);
    const result = JSON.parse(output) as { result: boolean; errors: unknown[] };
    expect(result.errors).toEqual([]);
    expect(result.result).toBe(true);
  });
});
