// The portal's users and status timelines in the request table, for AWS (see portal-users.ts):
//
//   item                    pk                 sk                              attributes
//   a registered user       USER#<id>          PORTAL                          email, registeredAt
//   a timeline entry        REQUEST#<id>       TIMELINE#<changedAt>#<eventId>  partner, status, previousStatus, reason
//
// Timeline entries sort by time under the request's own partition (beside the request store's
// `REQUEST` and `ASSIGN#` items); the conditional put makes a redelivered event add nothing.
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PortalRecordStore, TimelineEntry } from './portal-users.ts';

type Item = Record<string, unknown>;

export class DynamoDbPortalRecords implements PortalRecordStore {
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async addUser(userId: string, email: string, registeredAt: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `USER#${userId}`, sk: 'PORTAL', email, registeredAt },
      }),
    );
  }

  async hasUser(userId: string): Promise<boolean> {
    const out = (await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `USER#${userId}`, sk: 'PORTAL' } }),
    )) as { Item?: Item };
    return out.Item !== undefined;
  }

  async addStatus(eventId: string, requestId: string, entry: TimelineEntry): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `REQUEST#${requestId}`, sk: `TIMELINE#${entry.changedAt}#${eventId}`, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
  }

  async timeline(requestId: string): Promise<TimelineEntry[]> {
    const out = (await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :timeline)',
        ExpressionAttributeValues: { ':pk': `REQUEST#${requestId}`, ':timeline': 'TIMELINE#' },
      }),
    )) as { Items?: Item[] };
    return (out.Items ?? [])
      .filter((i) => String(i['sk']).startsWith('TIMELINE#'))
      .map((i) => ({
        partner: String(i['partner']),
        status: String(i['status']),
        previousStatus: String(i['previousStatus']),
        ...(typeof i['reason'] === 'string' ? { reason: i['reason'] } : {}),
        changedAt: String(i['changedAt']),
      }));
  }
}
