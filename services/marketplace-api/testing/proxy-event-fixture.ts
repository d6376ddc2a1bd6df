// An API Gateway REST API proxy event, as Lambda receives it behind the `{proxy+}` resource: for
// tests that call a `lambda.ts` handler directly.
import type { ApiGatewayProxyEvent } from '../../api-gateway/proxy-event.ts';

export function proxyEvent(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body: string | null = null,
): ApiGatewayProxyEvent {
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      requestId: 'r-1',
      stage: 'v1',
      httpMethod: method,
      path: `/v1${path}`,
      resourcePath: '/{proxy+}',
      requestTimeEpoch: 0,
      identity: { sourceIp: '192.0.2.1', userAgent: null },
    },
    body,
    isBase64Encoded: false,
  };
}
