// The Marketplace API as one Lambda proxy handler: authenticate (X-Api-Key), rate-limit per
// partner, route and validate against the OpenAPI route table, then run the operation. Every error
// is problem+json; anything unexpected is logged with context and answered with a bare 500.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../api-gateway/logger.ts';
import type { OperationSpec } from '../api-gateway/openapi-operations.ts';
import { OpenApiRequestParser } from '../api-gateway/openapi-request.ts';
import { HttpProblem, internalErrorResult, problemResult } from '../api-gateway/problem.ts';
import {
  header,
  type ApiGatewayProxyEvent,
  type LambdaContext,
  type ProxyHandler,
} from '../api-gateway/proxy-event.ts';
import type { ApiKeyDirectory } from './api-keys.ts';
import { listPartnerDeliveries, resendPartnerDelivery, sendPartnerTestEvent } from './delivery-operations.ts';
import { authorise, scopedContext } from './environment-scope.ts';
import type { Operation, OperationContext } from './operation-context.ts';
import { getPartner, rotateWebhookSecret, updatePartner } from './partner-operations.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { getRequest, listRequests, postRequestStatus } from './request-operations.ts';

/** The challenge of a 401: the scheme is the API's own (an API key in the X-Api-Key header). */
export const API_KEY_CHALLENGE = 'ApiKey realm="marketplace-api", header="X-Api-Key"';

/** The business logic, by operationId of catalog/openapi/marketplace-api.yaml. */
export const marketplaceOperations: Record<string, Operation> = {
  listRequests,
  getRequest,
  postRequestStatus,
  getPartner,
  updatePartner,
  rotateWebhookSecret,
  listPartnerDeliveries,
  resendPartnerDelivery,
  sendPartnerTestEvent,
};

export interface MarketplaceApiOptions {
  document: object;
  operations: readonly OperationSpec[];
  apiKeys: ApiKeyDirectory;
  limiter: RateLimiter;
  context: OperationContext;
  log: Logger;
  /** Stripped from `event.path` before routing (`/api` when mounted under it). */
  basePath?: string;
}

export function createMarketplaceApiHandler(opts: MarketplaceApiOptions): ProxyHandler {
  const missing = opts.operations.map((o) => o.operationId).filter((id) => !marketplaceOperations[id]);
  if (missing.length > 0)
    throw new Error(
      `Marketplace API: no implementation for operation(s) ${missing.join(', ')} of the OpenAPI document`,
    );
  const parser = new OpenApiRequestParser(opts.document, opts.operations);
  const base = opts.basePath ?? '';

  return async function marketplaceApi(event: ApiGatewayProxyEvent, context: LambdaContext) {
    const instance = event.path;
    try {
      const path = base && event.path.startsWith(base) ? event.path.slice(base.length) || '/' : event.path;
      const apiKey = header(event, 'x-api-key');
      if (!apiKey) throw new HttpProblem(401, 'unauthorized', 'The X-Api-Key header is missing.');
      const caller = await opts.apiKeys.identify(apiKey);
      if (!caller) throw new HttpProblem(401, 'unauthorized', 'The X-Api-Key is not a key this API issued.');
      const rate = opts.limiter.take(caller.partner);
      if (!rate.allowed) {
        throw new HttpProblem(
          429,
          'rate-limited',
          `Too many requests; retry after ${rate.retryAfterSeconds} seconds.`,
          {
            headers: { 'retry-after': String(rate.retryAfterSeconds) },
          },
        );
      }
      const req = parser.parse(event, path);
      const operation = marketplaceOperations[req.operation.operationId];
      if (!operation) throw new HttpProblem(404, 'not-found', `No resource at ${path}.`);
      authorise(req, caller);
      return await operation({ req, caller }, scopedContext(opts.context, caller));
    } catch (error) {
      if (error instanceof HttpProblem) {
        const result = problemResult(error, instance);
        // RFC 9110 §11.6.1: a 401 carries a challenge naming how to authenticate.
        if (error.status === 401)
          result.headers = { ...result.headers, 'www-authenticate': API_KEY_CHALLENGE };
        return result;
      }
      opts.log.error(
        {
          err: error,
          requestId: context.awsRequestId ?? randomUUID(),
          method: event.httpMethod,
          path: event.path,
        },
        'marketplace API failed',
      );
      return internalErrorResult(instance);
    }
  };
}
