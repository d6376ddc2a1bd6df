// Provider verification of the internal message pacts whose producer is the Marketplace API: each
// message is made by the API's real status operation (POST /requests/{id}/status), and the event
// it puts on the bus (recorded by the fixture's publisher) is what the verifier compares with the
// pact of every consumer of `request status changed`.
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from '../../services/marketplace-api/testing/api-fixture.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const fixtures: ApiFixture[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.close();
});

/**
 * The event the API puts when `partner` reports `body` on a new request of its own: its detail,
 * and its EventBridge source and detail-type as the message metadata (pact-js's
 * `__pactMessageMetadata` form, as `providerWithMetadata` builds it).
 */
async function statusEvent(body: Record<string, unknown>, partner = 'techhub'): Promise<unknown> {
  const api = await startApiFixture();
  fixtures.push(api);
  const id = await api.placeRequest([partner], 'test');
  const key = api.keyOf(partner, 'test');
  const res = await api.call('POST', `/requests/${id}/status`, {
    key,
    body,
    headers: { 'idempotency-key': `k-${id}` },
  });
  if (res.status !== 201) throw new Error(`POST /requests/${id}/status answered ${res.status}`);
  const event = api.events.find((e) => e.detailType === 'request status changed');
  if (event === undefined) throw new Error('the Marketplace API put no "request status changed" event');
  return {
    __pactMessageMetadata: { source: event.source, 'detail-type': event.detailType },
    message: event.detail,
  };
}

const consumers = ['notifier', 'request-store', 'user-portal'];

describe('marketplace-api as a message producer', () => {
  it.each(consumers)('honours the %s -> marketplace-api message pact', async (consumer) => {
    const verifier = new Verifier({
      provider: 'marketplace-api',
      pactUrls: [join(ROOT, `contracts/pacts/${consumer}-marketplace-api.json`)],
      logLevel: 'error',
      messageProviders: {
        'a "request status changed" event: accepted': () => statusEvent({ status: 'accepted' }),
        'a "request status changed" event: declined': () =>
          statusEvent({ status: 'declined', reason: 'We do not print on A0 paper.' }),
      },
    });
    const output = await verifier.verifyProvider().catch((e: Error) => e.message);
    const result = JSON.parse(output) as { result: boolean; errors: unknown[] };
    expect(result.errors).toEqual([]);
    expect(result.result).toBe(true);
  });
});
