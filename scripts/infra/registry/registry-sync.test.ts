import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { SchemasClient } from '@aws-sdk/client-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemasHandler } from '../../../services/schemas-api/index.ts';
import { diff, pull, push, registryEntries, schemaName, type CatalogueEvent } from './registry-sync.ts';

let server: Server;
let client: SchemasClient;
beforeAll(async () => {
  const handler = createSchemasHandler(new Database(':memory:'));
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new SchemasClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const events: CatalogueEvent[] = [
  {
    source: 'com.marketplace.market',
    detailType: 'marketplace requests',
    schema: { type: 'object', properties: { user_id: { type: 'string' }, environment: { const: 'test' } } },
  },
  {
    source: 'com.marketplace.api',
    detailType: 'request status changed',
    schema: {
      type: 'object',
      if: { required: ['reason'] },
      then: { properties: { request_status: { const: 'declined' } } },
    },
  },
];

describe('registry push, pull and diff with the real client', () => {
  it('names schemas as EventBridge discovery does', () => {
    expect(schemaName('com.marketplace.market', 'marketplace requests')).toBe(
      'com.marketplace.market@MarketplaceRequests',
    );
  });

  it('reports each 2020-12 keyword the registry cannot hold', () => {
    const lost = registryEntries(events).flatMap((e) => e.lost.map((l) => `${e.schemaName} ${l.pointer}`));
    expect(lost).toEqual([
      'com.marketplace.api@RequestStatusChanged #/if',
      'com.marketplace.api@RequestStatusChanged #/then',
    ]);
  });

  it('pushes, then a second push changes nothing, and diff finds no drift', async () => {
    const entries = registryEntries(events);
    const first = await push(client, 'portico', entries);
    expect(first.registryCreated).toBe(true);
    expect(first.actions.map((a) => a.action)).toEqual(['created', 'created']);
    const second = await push(client, 'portico', entries);
    expect([second.registryCreated, ...second.actions.map((a) => a.action)]).toEqual([
      false,
      'unchanged',
      'unchanged',
    ]);
    expect((await diff(client, 'portico', entries)).map((d) => d.status)).toEqual(['same', 'same']);
    const pulled = await pull(client, 'portico');
    expect(pulled.get('com.marketplace.market@MarketplaceRequests')).toBe(entries[1]!.content);
  });

  it('reports drift, and push updates only the changed schema', async () => {
    const changed = registryEntries([
      { ...events[0]!, schema: { type: 'object', required: ['user_id'] } },
      { source: 'com.marketplace.portal', detailType: 'user registered', schema: { type: 'object' } },
    ]);
    expect(await diff(client, 'portico', changed)).toEqual([
      { schemaName: 'com.marketplace.api@RequestStatusChanged', status: 'extra' },
      { schemaName: 'com.marketplace.market@MarketplaceRequests', status: 'changed' },
      { schemaName: 'com.marketplace.portal@UserRegistered', status: 'missing' },
    ]);
    const out = await push(client, 'portico', changed);
    expect(out.actions).toEqual([
      { schemaName: 'com.marketplace.market@MarketplaceRequests', action: 'updated', version: '2' },
      { schemaName: 'com.marketplace.portal@UserRegistered', action: 'created', version: '1' },
    ]);
  });

  it('diffs against a registry that does not exist as all missing', async () => {
    expect((await diff(client, 'nowhere', registryEntries(events))).map((d) => d.status)).toEqual([
      'missing',
      'missing',
    ]);
  });
});
