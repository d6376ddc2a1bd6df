// AWS Lambda entry point of the notifier (infra: NotifierFunction, `lambda.handler`). Environment:
// BUS_NAME, REQUEST_TABLE (user contacts and the notification log). It hears `user registered` and
// `request status changed` and puts a `notification requested` event for each notification.
// It publishes nothing to SNS: on AWS the bus's NotificationTopicRule delivers each `notification
// requested` to the notification topic (infra/template.yaml), so a notification reaches subscribers
// once. The function also hears `notification requested`, only to log it (the history the user
// portal shows); locally the bus routes those to the outbox dispatcher instead.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import pino from 'pino';
import { catalogModel } from '../../generated/catalog-model.ts';
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import { EventBridgePublisher } from '../marketplace-api/event-publisher.ts';
import { DynamoDbNotificationLog } from './dynamodb-notification-log.ts';
import { DynamoDbUserDirectory } from './dynamodb-user-directory.ts';
import type { NotificationSender } from './notification.ts';
import { createDispatcher, createNotifier } from './notifier-consumer.ts';
import { documentClient, environmentOf } from '../lambda/lambda-environment.ts';

const log = pino();
const env = environmentOf('notifier');
const documents = documentClient();
const names = new Map(catalogModel.partners.map((p) => [p.id, p.name]));
const notifier = createNotifier({
  users: new DynamoDbUserDirectory(documents, env('REQUEST_TABLE')),
  publisher: new EventBridgePublisher(new EventBridgeClient({}), env('BUS_NAME')),
  partnerName: (id) => names.get(id) ?? id,
  log,
});
/** The rule, not this function, hands the notification to SNS: nothing left to send here. */
export const deliveredByTheBus: NotificationSender = { send: () => Promise.resolve('sent') };
const recorder = createDispatcher({
  sender: new DynamoDbNotificationLog(documents, env('REQUEST_TABLE'), deliveredByTheBus),
  log,
});

export async function handler(event: EventBridgeEvent): Promise<void> {
  await (event['detail-type'] === 'notification requested' ? recorder(event) : notifier(event));
}
