// Partners' self-service changes in DynamoDB (see ../partner-registry.ts): one item a partner,
// read and written whole (the patch is small, and a partner changes its details rarely).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PartnerChanges, PartnerChangeStore, StoredPatch } from '../partner-registry.ts';
import type { DocumentSender, Item } from './table-keys.ts';

const key = (partner: string) => ({ pk: `PARTNER#${partner}`, sk: 'DETAILS' });

export class DynamoDbPartnerChanges implements PartnerChangeStore {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
  ) {}

  async read(partner: string): Promise<PartnerChanges | undefined> {
    const out = (await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(partner), ConsistentRead: true }),
    )) as { Item?: Item };
    const item = out.Item;
    if (!item) return undefined;
    return {
      patch: (item['patch'] ?? {}) as StoredPatch,
      ...(typeof item['secretCreatedAt'] === 'string' ? { secretCreatedAt: item['secretCreatedAt'] } : {}),
      ...(typeof item['previousSecretExpiresAt'] === 'string'
        ? { previousSecretExpiresAt: item['previousSecretExpiresAt'] }
        : {}),
    };
  }

  async writePatch(partner: string, patch: StoredPatch): Promise<void> {
    const current = await this.read(partner);
    await this.write(partner, { ...current, patch });
  }

  async writeRotation(partner: string, createdAt: string, previousExpiresAt: string): Promise<void> {
    const current = await this.read(partner);
    await this.write(partner, {
      patch: current?.patch ?? {},
      secretCreatedAt: createdAt,
      previousSecretExpiresAt: previousExpiresAt,
    });
  }

  private async write(partner: string, changes: PartnerChanges): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key(partner), ...changes } }),
    );
  }
}
