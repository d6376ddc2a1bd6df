// Webhook secrets in DynamoDB, sealed (AES-256-GCM, ../../bus/resources/secret-box.ts) before they
// are written, so a table export, a backup or a `dynamodb:GetItem` grant alone reveals nothing.
// All under one partition key, so that `partners()` is one Query (hundreds of small items).
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SealedSecrets, SealedSecretStore } from '../webhook-secret-rotation.ts';
import { isConditionFailure, type DocumentSender, type Item } from './table-keys.ts';

const PK = 'WEBHOOK_SECRETS';
const key = (partner: string) => ({ pk: PK, sk: `PARTNER#${partner}` });

export class DynamoDbSealedSecrets implements SealedSecretStore {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
  ) {}

  async get(partner: string): Promise<SealedSecrets | undefined> {
    const out = (await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(partner), ConsistentRead: true }),
    )) as { Item?: Item };
    return out.Item && fromItem(out.Item);
  }

  async put(row: SealedSecrets): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key(row.partner), ...row } }),
    );
  }

  async dropPrevious(partner: string, now: number): Promise<void> {
    const row = await this.get(partner);
    if (!row) return;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(partner), partner, currentSealed: row.currentSealed },
          // Not if a rotation since replaced the row with a later grace period.
          ConditionExpression: 'previousExpiresAt <= :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async partners(): Promise<string[]> {
    const out = (await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PK },
      }),
    )) as { Items?: Item[] };
    return (out.Items ?? []).map((item) => String(item['partner']));
  }
}

function fromItem(item: Item): SealedSecrets {
  return {
    partner: String(item['partner']),
    currentSealed: String(item['currentSealed']),
    ...(typeof item['previousSealed'] === 'string' ? { previousSealed: item['previousSealed'] } : {}),
    ...(typeof item['previousExpiresAt'] === 'number'
      ? { previousExpiresAt: item['previousExpiresAt'] }
      : {}),
  };
}
