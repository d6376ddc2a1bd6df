// The request store's consumer with the catalogue's real routing rules and pattern engine.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { catalogModel } from '../../generated/catalog-model.ts';
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import { PartnerAssignment } from './partner-assignment.ts';
import { createRequestStoreConsumer } from './request-store-consumer.ts';
import { SqliteRequestStore } from './sqlite-request-store.ts';

const event = (id: string, detailType: string, detail: Record<string, unknown>): EventBridgeEvent => ({
  version: '0',
  id,
  'detail-type': detailType,
  source: detailType === 'marketplace requests' ? 'com.marketplace.market' : 'com.marketplace.api',
  account: '0',
  time: '2025-11-20T09:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail,
});

const rid = '6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01';

describe('request store consumer', () => {
  it.each([
    [
      'the legacy walkthrough event, to its addressee only',
      {
        user_id: '123456789',
        request_status: 'new',
        '3rdparty': '3rdparty1',
        requests1: 'books',
        requests2: 'pens',
      },
      ['3rdparty1/prod'],
    ],
    [
      'an open request, to every partner whose filter accepts it',
      {
        user_id: 'u',
        request_status: 'new',
        request_id: rid,
        request_types: ['laptops', 'printing'],
        country: 'FR',
        amount: 1450.5,
        currency: 'EUR',
        environment: 'test',
      },
      ['printworks/test', 'techhub/test'],
    ],
    [
      'a request no filter accepts, to nobody',
      {
        user_id: 'u',
        request_status: 'new',
        request_types: ['furniture'],
        country: 'FR',
        environment: 'test',
      },
      [],
    ],
  ])('records %s', async (_name, given: Record<string, unknown>, want) => {
    const detail = given;
    const store = new SqliteRequestStore(new Database(':memory:'));
    const consume = createRequestStoreConsumer({
      store,
      assignment: new PartnerAssignment(catalogModel.rules),
    });
    await consume(event('e-1', 'marketplace requests', detail));
    const overview = await store.overview(
      typeof detail['request_id'] === 'string' ? detail['request_id'] : 'e-1',
    );
    expect(overview?.assignments.map((a) => `${a.partner}/${a.environment}`)).toEqual(want);
  });

  it('applies a status event once, and ignores one the API already wrote', async () => {
    const store = new SqliteRequestStore(new Database(':memory:'));
    const log: string[] = [];
    const consume = createRequestStoreConsumer({
      store,
      assignment: new PartnerAssignment(catalogModel.rules),
      log: (m) => log.push(m),
    });
    await consume(
      event('e-1', 'marketplace requests', {
        user_id: 'u',
        request_status: 'new',
        request_id: rid,
        '3rdparty': 'techhub',
      }),
    );
    const status = {
      request_id: rid,
      user_id: 'u',
      partner: 'techhub',
      request_status: 'declined',
      previous_status: 'new',
      reason: 'no',
      changed_at: '2025-11-20T10:00:00Z',
    };
    await consume(event('e-2', 'request status changed', status));
    await consume(event('e-2', 'request status changed', status));
    expect(await store.findForPartner(rid, 'techhub', 'prod')).toMatchObject({
      status: 'declined',
      reason: 'no',
    });
    expect(log).toEqual(['request recorded']);
  });
});
