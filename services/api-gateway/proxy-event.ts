// The API Gateway REST API (v1) Lambda proxy integration shapes, only the members the services
// use. Written here rather than taken from @types/aws-lambda to add no dependency for ~40 lines.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
export interface ApiGatewayProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: {
    requestId: string;
    stage: string;
    httpMethod: string;
    path: string;
    resourcePath: string;
    requestTimeEpoch: number;
    identity: { sourceIp: string; userAgent: string | null };
  };
  body: string | null;
  isBase64Encoded: boolean;
}

export interface ApiGatewayProxyResult {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded?: boolean;
}

/** The part of Lambda's context object the services read. */
export interface LambdaContext {
  awsRequestId: string;
  functionName?: string;
}

export type ProxyHandler = (
  event: ApiGatewayProxyEvent,
  context: LambdaContext,
) => Promise<ApiGatewayProxyResult>;

/** API Gateway keeps header names as sent; HTTP says they are case-insensitive (RFC 9110, 5.1). */
export function header(event: ApiGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}
