// The Marketplace API on its DynamoDB stores (the ones lambda.ts uses), over an in-memory stand-in
// for DynamoDB (dynamodb/in-memory-document-client.ts): the same suite as on SQLite.
import { marketplaceApiSuite } from './marketplace-api.suite.ts';

marketplaceApiSuite('dynamodb');
