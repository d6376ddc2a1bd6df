// AWS Lambda entry point of the user portal stand-in (infra: UserPortalFunction, `lambda.handler`):
// the same handlers as `portico dev` mounts under /portal, on DynamoDB and S3. One function takes
// both of the portal's inputs: API Gateway proxy events (its HTTP routes, under `/portal`) and the
// bus's `request status changed` events (its timeline), told apart by the event's shape.
// Environment (set by infra/template.yaml):
//   BUS_NAME         the bus `user registered` and `marketplace requests` are put on (PutEvents)
//   REQUEST_TABLE    users, timelines, requests (read) and the notification log (read)
//   DOCUMENT_BUCKET  the documents, linked by pre-signed GET URLs
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import pino from 'pino';
import { validateDetail } from '../../generated/validators/index.ts';
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import type {
  ApiGatewayProxyEvent,
  ApiGatewayProxyResult,
  LambdaContext,
} from '../api-gateway/proxy-event.ts';
import { EventBridgePublisher } from '../marketplace-api/event-publisher.ts';
import { DynamoDbNotificationLog } from '../notifier/dynamodb-notification-log.ts';
import { S3Documents } from '../object-store/s3-document-store.ts';
import { DynamoDbRequestStore } from '../request-store/dynamodb-request-store.ts';
import { DynamoDbPortalRecords } from './dynamodb-portal-records.ts';
import { createPortalStatusConsumer } from './portal-status-consumer.ts';
import { createUserPortalHandler } from './user-portal-handler.ts';
import { documentClient, environmentOf } from '../lambda/lambda-environment.ts';

const env = environmentOf('user-portal');
const log = pino();
const table = env('REQUEST_TABLE');
const documents = documentClient();
const records = new DynamoDbPortalRecords(documents, table);
const portal = createUserPortalHandler({
  prefix: '/portal',
  publisher: new EventBridgePublisher(new EventBridgeClient({}), env('BUS_NAME')),
  validateDetail,
  records,
  documents: new S3Documents(new S3Client({}), env('DOCUMENT_BUCKET')),
  store: new DynamoDbRequestStore(documents, table),
  // Read only: the notifier's dispatcher writes the log; the portal never sends.
  outbox: new DynamoDbNotificationLog(documents, table, {
    send: () => Promise.reject(new Error('user-portal: the portal sends no notification')),
  }),
  log,
});
const statusConsumer = createPortalStatusConsumer(records);

export async function handler(
  event: ApiGatewayProxyEvent | EventBridgeEvent,
  context: LambdaContext,
): Promise<ApiGatewayProxyResult | void> {
  if ('detail-type' in event) return statusConsumer(event);
  return portal(event, context);
}
