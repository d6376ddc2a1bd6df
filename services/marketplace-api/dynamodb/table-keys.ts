// The Marketplace API's items in the request table (single-table design beside the request store's
// `REQUEST#` items, services/request-store/dynamodb-request-store.ts). None of these items sets a
// gsi key, so neither index sees them.
//
//   item                       pk                      sk                 attributes
//   an API key, by its hash    APIKEY#<sha256 hex>     APIKEY             partner, environment
//   a partner's key, by env    PARTNER#<partner>       APIKEY#<env>       keyHash
//   self-service changes       PARTNER#<partner>       DETAILS            patch, secretCreatedAt, previousSecretExpiresAt
//   sealed webhook secrets     WEBHOOK_SECRETS         PARTNER#<partner>  currentSealed, previousSealed, previousExpiresAt
//   an idempotency record      IDEMPOTENCY#<scope>     KEY#<key>          fingerprint, statusCode, body, ttl
//
// `ttl` is epoch seconds, the table's TimeToLiveSpecification attribute (DynamoDB deletes expired
// items within days, not at once, so readers also compare it with the clock).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;
export type Item = Record<string, unknown>;

export const TTL_ATTRIBUTE = 'ttl';

/** lib-dynamodb rejects a failed ConditionExpression with this error name. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
