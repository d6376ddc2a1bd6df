// Provider verification of the `request-store -> user-portal` message pact: each message is made
// by the portal's real place-request code path (POST /portal/requests, after registering the user
// and uploading the documents it names), and the event it puts through the real EventBridge
// publisher is what the verifier compares with the request store's pact.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { validateDetail } from '../../generated/validators/index.ts';
import { silentLogger } from '../../services/api-gateway/logger.ts';
import type { ApiGatewayProxyEvent } from '../../services/api-gateway/proxy-event.ts';
import { SqliteOutbox } from '../../services/notifier/sqlite-outbox.ts';
import { LocalObjectStore } from '../../services/object-store/object-store.ts';
import { SqliteRequestStore } from '../../services/request-store/sqlite-request-store.ts';
import { PortalRecords } from '../../services/user-portal/portal-users.ts';
import { createUserPortalHandler } from '../../services/user-portal/user-portal-handler.ts';
import { asPactMessage, recordingPublisher } from './recording-publisher.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** What a user submits on the portal, per pact message: `documents` are files to upload first. */
type Form = Record<string, unknown> & { documents?: { kind: string }[] };

/**
 * Registers a user, uploads the form's documents, places the request through a fresh portal, and
 * returns the `marketplace requests` event the portal put.
 */
async function placedRequest(form: Form): Promise<unknown> {
  const db = new Database(':memory:');
  const dir = mkdtempSync(join(tmpdir(), 'portal-pact-'));
  dirs.push(dir);
  const bus = recordingPublisher();
  const portal = createUserPortalHandler({
    prefix: '/portal',
    publisher: bus.publisher,
    validateDetail,
    records: new PortalRecords(db),
    objects: new LocalObjectStore(dir),
    objectsBaseUrl: 'http://127.0.0.1:4010/objects',
    urlSecret: Buffer.alloc(32, 7),
    store: new SqliteRequestStore(db),
    outbox: new SqliteOutbox(db),
    log: silentLogger,
  });
  const post = async (path: string, body: string, type = 'application/json') => {
    const res = await portal(
      {
        httpMethod: 'POST',
        path: `/portal${path}`,
        headers: { 'content-type': type },
        body,
        isBase64Encoded: false,
      } as unknown as ApiGatewayProxyEvent,
      { awsRequestId: 'contract' },
    );
    if (res.statusCode !== 201)
      throw new Error(`POST /portal${path} answered ${res.statusCode}: ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };
  const user = await post('/users', JSON.stringify({ email: 'camille@example.org' }));
  const documents = [];
  for (const d of form.documents ?? []) {
    const uploaded = await post('/documents', '%PDF-1.7 a passport', 'application/pdf');
    documents.push({ kind: d.kind, key: uploaded['key'] });
  }
  await post(
    '/requests',
    JSON.stringify({ ...form, user_id: user['user_id'], ...(form.documents ? { documents } : {}) }),
  );
  const event = bus.events.find((e) => e.detailType === 'marketplace requests');
  if (event === undefined) throw new Error('the user portal put no "marketplace requests" event');
  return asPactMessage(event);
}

/** Verifies the pact against `providers`: the verifier's result and errors. */
async function verify(providers: Record<string, () => Promise<unknown>>) {
  const verifier = new Verifier({
    provider: 'user-portal',
    pactUrls: [join(ROOT, 'contracts/pacts/request-store-user-portal.json')],
    logLevel: 'error',
    messageProviders: providers,
  });
  const output = await verifier.verifyProvider().catch((e: Error) => e.message);
  return JSON.parse(output) as { result: boolean; errors: { interaction: string }[] };
}

// What a user submits on the portal to make each message of the pact.
const forms: Record<string, Form> = {
  // The walkthrough's legacy form: two request types and an addressee, nothing else.
  'a "marketplace requests" event: legacy-walkthrough': {
    '3rdparty': '3rdparty1',
    requests1: 'books',
    requests2: 'pens',
  },
  'a "marketplace requests" event: open-request': {
    request_types: ['laptops', 'phones'],
    country: 'FR',
    amount: 1450.5,
    currency: 'EUR',
    environment: 'prod',
    documents: [{ kind: 'id-passport' }],
  },
  'a "marketplace requests" event: test-environment': {
    '3rdparty': 'printworks',
    request_types: ['printing'],
    country: 'BE',
    amount: 120,
    currency: 'EUR',
    environment: 'test',
  },
};

describe('user-portal as a message producer', () => {
  it('honours the request-store -> user-portal message pact', async () => {
    const result = await verify(
      Object.fromEntries(Object.entries(forms).map(([name, form]) => [name, () => placedRequest(form)])),
    );
    expect(result.errors).toEqual([]);
    expect(result.result).toBe(true);
  });

  it('fails a portal whose event lost a member the request store needs (user_id)', async () => {
    const withoutUser = async (form: Form) => {
      const m = (await placedRequest(form)) as { message: Record<string, unknown> };
      delete m.message['user_id'];
      return m;
    };
    const result = await verify(
      Object.fromEntries(Object.entries(forms).map(([name, form]) => [name, () => withoutUser(form)])),
    );
    expect(result.result).toBe(false);
    const failed = result.errors.map((e) => e.interaction.replace(/^Verifying a pact between .*? - /, ''));
    expect(failed.sort()).toEqual(Object.keys(forms).sort());
  });
});
