// AWS Lambda entry point of the Marketplace API (infra: MarketplaceApiFunction, `lambda.handler`,
// behind the `MarketplaceApi` REST API's proxy integration): the same handler as `portico dev`
// serves under /api, on DynamoDB stores in the request table and the real EventBridge API.
// Environment (set by infra/template.yaml):
//   BUS_NAME            the bus status and partner events are put on (PutEvents)
//   REQUEST_TABLE       requests, API key hashes, idempotency records, partner changes, sealed secrets
//   PORTICO_SECRET_KEY  the key that seals webhook secrets (a Secrets Manager dynamic reference)
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import pino from 'pino';
import { catalogModel } from '../../generated/catalog-model.ts';
import { SecretBox } from '../bus/resources/secret-box.ts';
import { DynamoDbRequestStore } from '../request-store/dynamodb-request-store.ts';
import { marketplaceApiDescription } from './api-description.ts';
import { assembleMarketplaceApi } from './create-marketplace-api.ts';
import { EventBridgeDeliverySettings } from './delivery-settings.ts';
import { DynamoDbApiKeys } from './dynamodb/dynamodb-api-keys.ts';
import { DynamoDbIdempotencyStore } from './dynamodb/dynamodb-idempotency-store.ts';
import { DynamoDbPartnerChanges } from './dynamodb/dynamodb-partner-changes.ts';
import { DynamoDbSealedSecrets } from './dynamodb/dynamodb-sealed-secrets.ts';
import { EventBridgePublisher } from './event-publisher.ts';
import { documentClient, environmentOf } from '../lambda/lambda-environment.ts';

const env = environmentOf('marketplace-api');
const log = pino();
const table = env('REQUEST_TABLE');
const documents = documentClient();
const events = new EventBridgeClient({});

export const handler = assembleMarketplaceApi({
  description: marketplaceApiDescription,
  partners: catalogModel.partners,
  store: new DynamoDbRequestStore(documents, table),
  publisher: new EventBridgePublisher(events, env('BUS_NAME')),
  settings: new EventBridgeDeliverySettings({
    client: events,
    // EventBridge API destinations do not sign (Standard Webhooks signing is the local bus's): on
    // AWS the rotated secrets are kept sealed in the table, for a signing relay to read.
    setDestinationSecrets: () => undefined,
  }),
  secretBox: SecretBox.fromEnvOrFile(undefined, { PORTICO_SECRET_KEY: env('PORTICO_SECRET_KEY') }),
  log,
  stores: {
    apiKeys: new DynamoDbApiKeys(documents, table),
    idempotency: new DynamoDbIdempotencyStore(documents, table),
    partnerChanges: new DynamoDbPartnerChanges(documents, table),
    sealedSecrets: new DynamoDbSealedSecrets(documents, table),
  },
}).handler;
