// The portal refuses, with the member at fault, anything that would put an invalid event on the bus.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDetail } from '../../generated/validators/index.ts';
import { silentLogger } from '../api-gateway/logger.ts';
import type { ApiGatewayProxyEvent } from '../api-gateway/proxy-event.ts';
import { SqliteOutbox } from '../notifier/sqlite-outbox.ts';
import { LocalObjectStore } from '../object-store/object-store.ts';
import { SqliteRequestStore } from '../request-store/sqlite-request-store.ts';
import { PortalRecords } from './portal-users.ts';
import { createUserPortalHandler } from './user-portal-handler.ts';

const db = new Database(':memory:');
const put: string[] = [];
const portal = createUserPortalHandler({
  prefix: '/portal',
  publisher: { put: async (_s, detailType) => (put.push(detailType), 'event-id') },
  validateDetail,
  records: new PortalRecords(db),
  objects: new LocalObjectStore(mkdtempSync(join(tmpdir(), 'portal-'))),
  objectsBaseUrl: 'http://127.0.0.1:4010/objects',
  urlSecret: Buffer.alloc(32, 1),
  store: new SqliteRequestStore(db),
  outbox: new SqliteOutbox(db),
  log: silentLogger,
});

const post = (path: string, body: unknown) =>
  portal(
    {
      httpMethod: 'POST',
      path: `/portal${path}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      isBase64Encoded: false,
    } as unknown as ApiGatewayProxyEvent,
    {
      awsRequestId: 'r',
    },
  );

describe('user portal', () => {
  it.each([
    ['an email that is no email', '/users', { email: 'nope' }, ['/email']],
    ['an unknown member', '/users', { email: 'a@example.org', colour: 'red' }, ['/colour']],
    ['an unregistered user', '/requests', { user_id: 'u-nobody', request_types: ['books'] }, ['/user_id']],
    [
      'a document never uploaded',
      '/requests',
      { user_id: 'REGISTERED', documents: [{ kind: 'id-card', key: 'documents/x' }] },
      ['/documents/0/key'],
    ],
    [
      'a country that is not ISO 3166 alpha-2',
      '/requests',
      { user_id: 'REGISTERED', request_types: ['books'], country: 'France' },
      ['/country'],
    ],
  ])('refuses %s with 422 naming the pointer, and puts nothing', async (_name, path, body, pointers) => {
    const user = JSON.parse((await post('/users', { email: 'c@example.org' })).body) as { user_id: string };
    const before = put.length;
    const res = await post(path, JSON.parse(JSON.stringify(body).replace('REGISTERED', user.user_id)));
    expect(res.statusCode).toBe(422);
    expect((JSON.parse(res.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(
      pointers,
    );
    expect(put.length).toBe(before);
  });
});
