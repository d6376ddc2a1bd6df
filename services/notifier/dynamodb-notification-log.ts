// The notification log on AWS: the history the portal shows, one item per notification id (the
// notifier records each `notification requested`; the bus's rule delivers it to SNS), in the
// request table:
//
//   item                 pk            sk                          attributes
//   a notification       USER#<id>     NOTIFICATION#<notif. id>    the OutboxEntry's members
//
// `send` claims the notification id with a conditional put before handing it to the sender; if the
// sender fails, the claim is withdrawn so the bus's retry sends it again.
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { render, type Notification, type NotificationSender } from './notification.ts';
import type { OutboxEntry } from './sqlite-outbox.ts';

type Item = Record<string, unknown>;

export class DynamoDbNotificationLog implements NotificationSender {
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
    private readonly sender: NotificationSender,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(n: Notification): Promise<'sent' | 'duplicate'> {
    const { subject, text } = render(n);
    const key = { pk: `USER#${n.user_id ?? 'unknown'}`, sk: `NOTIFICATION#${n.notification_id}` };
    const entry: OutboxEntry = {
      notificationId: n.notification_id,
      channel: n.channel,
      recipient: n.recipient,
      ...(n.user_id ? { userId: n.user_id } : {}),
      ...(n.request_id ? { requestId: n.request_id } : {}),
      template: n.template,
      subject,
      text,
      recordedAt: this.now().toISOString(),
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'duplicate';
      throw error;
    }
    try {
      return await this.sender.send(n);
    } catch (error) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      throw error;
    }
  }

  async list(filter: { userId?: string; requestId?: string }): Promise<OutboxEntry[]> {
    // Notifications are kept by user: a request's are found through its user.
    if (!filter.userId) return [];
    const out = (await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :notification)',
        ExpressionAttributeValues: { ':pk': `USER#${filter.userId}`, ':notification': 'NOTIFICATION#' },
      }),
    )) as { Items?: Item[] };
    return (out.Items ?? [])
      .filter((i) => String(i['sk']).startsWith('NOTIFICATION#'))
      .filter((i) => !filter.requestId || i['requestId'] === filter.requestId)
      .map(({ pk: _pk, sk: _sk, ...entry }) => entry as unknown as OutboxEntry)
      .sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
  }
}
