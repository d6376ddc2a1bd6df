// The notifier's user contacts on AWS, in the request table (pk `USER#<id>`, sk `CONTACT`).
// Only command shapes are unit-tested: there is no DynamoDB on this machine.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UserContact, UserDirectory } from './user-directory.ts';

export class DynamoDbUserDirectory implements UserDirectory {
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async find(userId: string): Promise<UserContact | undefined> {
    const out = (await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `USER#${userId}`, sk: 'CONTACT' } }),
    )) as { Item?: Record<string, unknown> };
    if (!out.Item) return undefined;
    return {
      userId,
      email: String(out.Item['email']),
      ...(typeof out.Item['phone'] === 'string' ? { phone: out.Item['phone'] } : {}),
      preferredChannel: out.Item['preferredChannel'] === 'sms' ? 'sms' : 'email',
    };
  }

  async remember(user: UserContact): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `USER#${user.userId}`, sk: 'CONTACT', ...user },
      }),
    );
  }
}
