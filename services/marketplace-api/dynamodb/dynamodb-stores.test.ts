// The Marketplace API's DynamoDB stores against the in-memory stand-in: the commands they send
// (table, keys, conditions, TTL) and what they answer. What DynamoDB itself does with those
// commands is not proven here (no DynamoDB on this machine); marketplace-api.dynamodb.test.ts runs
// the whole API on these stores.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../bus/resources/secret-box.ts';
import { hashApiKey } from '../api-keys.ts';
import { WebhookSecretRotation } from '../webhook-secret-rotation.ts';
import { DynamoDbApiKeys } from './dynamodb-api-keys.ts';
import { DynamoDbIdempotencyStore } from './dynamodb-idempotency-store.ts';
import { DynamoDbPartnerChanges } from './dynamodb-partner-changes.ts';
import { DynamoDbSealedSecrets } from './dynamodb-sealed-secrets.ts';
import { InMemoryDocumentClient } from './in-memory-document-client.ts';

describe('DynamoDbApiKeys', () => {
  it('keeps only hashes, one key per partner and environment', async () => {
    const db = new InMemoryDocumentClient();
    const keys = new DynamoDbApiKeys(db, 't');
    await keys.set('acme', 'test', 'pk_test_first');
    await keys.set('acme', 'test', 'pk_test_second');
    await keys.set('acme', 'prod', 'pk_prod_only');
    expect(await keys.identify('pk_test_first')).toBeUndefined();
    expect(await keys.identify('pk_test_second')).toEqual({ partner: 'acme', environment: 'test' });
    expect(await keys.identify('pk_prod_only')).toEqual({ partner: 'acme', environment: 'prod' });
    expect(JSON.stringify([...db.items.values()])).not.toContain('pk_test_second');
    const replace = db.commands.filter((c) => c.name === 'TransactWriteCommand')[1]!.input;
    expect(replace.TransactItems?.map((t) => (t.Put ? t.Put.Item?.['pk'] : t.Delete?.Key?.['pk']))).toEqual([
      'PARTNER#acme',
      `APIKEY#${hashApiKey('pk_test_second')}`,
      `APIKEY#${hashApiKey('pk_test_first')}`,
    ]);
  });
});

describe('DynamoDbIdempotencyStore', () => {
  const answer = (body: string) => ({ statusCode: 201, body });

  it('keeps the first answer with a conditional put that carries the TTL', async () => {
    const db = new InMemoryDocumentClient();
    let now = 1_700_000_000_000;
    const store = new DynamoDbIdempotencyStore(db, 't', () => now);
    expect(await store.lookup('acme:test', 'k1', 'print-a')).toEqual({ kind: 'new' });
    await store.save('acme:test', 'k1', 'print-a', answer('first'));
    await store.save('acme:test', 'k1', 'print-a', answer('second'));
    expect(await store.lookup('acme:test', 'k1', 'print-a')).toEqual({
      kind: 'replay',
      answer: answer('first'),
    });
    expect(await store.lookup('acme:test', 'k1', 'print-b')).toEqual({ kind: 'conflict' });
    expect(await store.lookup('other:test', 'k1', 'print-b')).toEqual({ kind: 'new' });
    const put = db.commands.find((c) => c.name === 'PutCommand')!.input;
    expect(put).toMatchObject({
      TableName: 't',
      Item: { pk: 'IDEMPOTENCY#acme:test', sk: 'KEY#k1', ttl: 1_700_000_000 + 86_400 },
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
    });
    now += 86_400_000; // expired, though DynamoDB may not have deleted it yet
    expect(await store.lookup('acme:test', 'k1', 'print-b')).toEqual({ kind: 'new' });
    await store.save('acme:test', 'k1', 'print-b', answer('after expiry'));
    expect(await store.lookup('acme:test', 'k1', 'print-b')).toEqual({
      kind: 'replay',
      answer: answer('after expiry'),
    });
  });
});

describe('DynamoDbPartnerChanges', () => {
  it('keeps the patch and the rotation dates in one item, each write keeping the other', async () => {
    const store = new DynamoDbPartnerChanges(new InMemoryDocumentClient(), 't');
    expect(await store.read('acme')).toBeUndefined();
    await store.writePatch('acme', { name: 'Acme Ltd' });
    await store.writeRotation('acme', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z');
    await store.writePatch('acme', { name: 'Acme plc' });
    expect(await store.read('acme')).toEqual({
      patch: { name: 'Acme plc' },
      secretCreatedAt: '2026-01-01T00:00:00.000Z',
      previousSecretExpiresAt: '2026-01-02T00:00:00.000Z',
    });
  });
});

describe('DynamoDbSealedSecrets', () => {
  it('keeps secrets sealed, lists rotated partners, and drops the previous one only once expired', async () => {
    const db = new InMemoryDocumentClient();
    const store = new DynamoDbSealedSecrets(db, 't');
    const applied: (readonly string[])[] = [];
    let now = 1_000_000;
    const rotation = new WebhookSecretRotation(
      store,
      new SecretBox(randomBytes(32)),
      { setWebhookSecrets: async (_p, _e, s) => void applied.push(s) },
      () => now,
    );
    const r = await rotation.rotate('acme', 'test', 60, 'whsec_b2xk');
    rotation.stop();
    expect(applied.at(-1)).toEqual([r.secret, 'whsec_b2xk']);
    expect(JSON.stringify([...db.items.values()])).not.toContain(r.secret);
    expect(await store.partners()).toEqual(['acme/test']);
    await store.dropPrevious('acme/test', now + 59_000);
    expect((await store.get('acme/test'))?.previousSealed).toBeDefined();
    now += 60_000;
    await store.dropPrevious('acme/test', now);
    expect((await store.get('acme/test'))?.previousSealed).toBeUndefined();
  });
});
