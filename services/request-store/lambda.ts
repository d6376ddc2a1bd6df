// AWS Lambda entry point of the request store (infra: RequestStoreFunction, `lambda.handler`):
// the same consumer as locally, on the DynamoDB store. Environment: REQUEST_TABLE.
import pino from 'pino';
import { catalogModel } from '../../generated/catalog-model.ts';
import { DynamoDbRequestStore } from './dynamodb-request-store.ts';
import { PartnerAssignment } from './partner-assignment.ts';
import { createRequestStoreConsumer } from './request-store-consumer.ts';
import { documentClient, environmentOf } from '../lambda/lambda-environment.ts';

const log = pino();
const env = environmentOf('request-store');
const table = env('REQUEST_TABLE');

export const handler = createRequestStoreConsumer({
  store: new DynamoDbRequestStore(documentClient(), table),
  assignment: new PartnerAssignment(catalogModel.rules),
  log: (message, fields) => log.info(fields, message),
});
