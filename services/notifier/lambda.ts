// AWS Lambda entry point of the notifier (infra: NotifierFunction, `lambda.handler`): one function
// for the notifier and its dispatcher, chosen by detail-type. Environment: BUS_NAME,
// REQUEST_TABLE (user contacts and the notification log), NOTIFICATION_TOPIC_ARN (the email relay's
// SNS topic). It hears `user registered`, `request status changed` and `notification requested`.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pino from 'pino';
import { catalogModel } from '../../generated/catalog-model.ts';
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import { EventBridgePublisher } from '../marketplace-api/event-publisher.ts';
import { DynamoDbNotificationLog } from './dynamodb-notification-log.ts';
import { DynamoDbUserDirectory } from './dynamodb-user-directory.ts';
import { createDispatcher, createNotifier } from './notifier-consumer.ts';
import { SnsNotificationSender } from './sns-sender.ts';

const log = pino();
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`notifier: ${name} is not set`);
  return value;
};
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const names = new Map(catalogModel.partners.map((p) => [p.id, p.name]));
const notifier = createNotifier({
  users: new DynamoDbUserDirectory(documents, env('REQUEST_TABLE')),
  publisher: new EventBridgePublisher(new EventBridgeClient({}), env('BUS_NAME')),
  partnerName: (id) => names.get(id) ?? id,
  log,
});
const dispatcher = createDispatcher({
  sender: new DynamoDbNotificationLog(
    documents,
    env('REQUEST_TABLE'),
    new SnsNotificationSender(new SNSClient({}), env('NOTIFICATION_TOPIC_ARN')),
  ),
  log,
});

export async function handler(event: EventBridgeEvent): Promise<void> {
  await (event['detail-type'] === 'notification requested' ? dispatcher(event) : notifier(event));
}
