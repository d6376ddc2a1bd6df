// Partner API keys in DynamoDB, stored only as SHA-256 hashes (see ../api-keys.ts), one per partner
// and environment: a key item found by its hash, and a pointer item so that issuing a new key for a
// partner and environment deletes the old one in the same transaction.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Environment } from '../../request-store/request-store.ts';
import { hashApiKey, type ApiKeyDirectory, type Caller } from '../api-keys.ts';
import type { DocumentSender, Item } from './table-keys.ts';

export class DynamoDbApiKeys implements ApiKeyDirectory {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
  ) {}

  async identify(apiKey: string): Promise<Caller | undefined> {
    const out = (await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `APIKEY#${hashApiKey(apiKey)}`, sk: 'APIKEY' },
      }),
    )) as { Item?: Item };
    const partner = out.Item?.['partner'];
    const environment = out.Item?.['environment'];
    if (typeof partner !== 'string' || (environment !== 'prod' && environment !== 'test')) return undefined;
    return { partner, environment };
  }

  /** Replaces the partner's key for that environment. */
  async set(partner: string, environment: Environment, apiKey: string): Promise<void> {
    const pointer = { pk: `PARTNER#${partner}`, sk: `APIKEY#${environment}` };
    const keyHash = hashApiKey(apiKey);
    const old = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: pointer }))) as {
      Item?: Item;
    };
    const oldHash = old.Item?.['keyHash'];
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...pointer, keyHash } } },
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: `APIKEY#${keyHash}`, sk: 'APIKEY', partner, environment },
            },
          },
          ...(typeof oldHash === 'string' && oldHash !== keyHash
            ? [{ Delete: { TableName: this.tableName, Key: { pk: `APIKEY#${oldHash}`, sk: 'APIKEY' } } }]
            : []),
        ],
      }),
    );
  }
}
