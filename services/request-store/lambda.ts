// AWS Lambda entry point of the request store (infra: RequestStoreFunction, `lambda.handler`):
// the same consumer as locally, on the DynamoDB store. Environment: REQUEST_TABLE.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pino from 'pino';
import { catalogModel } from '../../generated/catalog-model.ts';
import { DynamoDbRequestStore } from './dynamodb-request-store.ts';
import { PartnerAssignment } from './partner-assignment.ts';
import { createRequestStoreConsumer } from './request-store-consumer.ts';

const log = pino();
const table = process.env.REQUEST_TABLE;
if (!table) throw new Error('request-store: REQUEST_TABLE is not set');

export const handler = createRequestStoreConsumer({
  store: new DynamoDbRequestStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
    table,
  ),
  assignment: new PartnerAssignment(catalogModel.rules),
  log: (message, fields) => log.info(fields, message),
});
