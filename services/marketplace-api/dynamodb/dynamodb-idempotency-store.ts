// Idempotency records in DynamoDB (see ../idempotency-store.ts for the semantics). The first answer
// wins through a conditional put: a record is written only where none is, or where the one there
// has outlived its 24 hours (TTL deletion is lazy, so an expired record may still be present).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  idempotencyLifetimeMs,
  type IdempotencyLookup,
  type IdempotencyStore,
  type StoredAnswer,
} from '../idempotency-store.ts';
import { isConditionFailure, TTL_ATTRIBUTE, type DocumentSender, type Item } from './table-keys.ts';

const key = (scope: string, idempotencyKey: string) => ({
  pk: `IDEMPOTENCY#${scope}`,
  sk: `KEY#${idempotencyKey}`,
});

export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(scope: string, idempotencyKey: string, print: string): Promise<IdempotencyLookup> {
    const out = (await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(scope, idempotencyKey), ConsistentRead: true }),
    )) as { Item?: Item };
    const item = out.Item;
    if (!item || Number(item[TTL_ATTRIBUTE]) * 1000 <= this.now()) return { kind: 'new' };
    if (item['fingerprint'] !== print) return { kind: 'conflict' };
    return { kind: 'replay', answer: { statusCode: Number(item['statusCode']), body: String(item['body']) } };
  }

  async save(scope: string, idempotencyKey: string, print: string, answer: StoredAnswer): Promise<void> {
    const now = this.now();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(scope, idempotencyKey),
            fingerprint: print,
            statusCode: answer.statusCode,
            body: answer.body,
            [TTL_ATTRIBUTE]: Math.ceil((now + idempotencyLifetimeMs) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': Math.floor(now / 1000) },
        }),
      );
    } catch (error) {
      // Another instance answered first: its answer is the one kept, as SQLite's INSERT OR IGNORE.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
