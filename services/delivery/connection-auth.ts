// A connection's credentials and extra parameters applied to one invocation, in the shape AWS's
// CreateConnection takes (EventBridge API Reference: CreateConnection, ConnectionAuthParameters,
// ConnectionHttpParameters). Pure: the OAuth access token comes in from oauth-token-cache.ts.

export interface HttpParameter {
  Key: string;
  Value: string;
  IsValueSecret?: boolean;
}

export interface ConnectionHttpParameters {
  HeaderParameters?: HttpParameter[];
  QueryStringParameters?: HttpParameter[];
  BodyParameters?: HttpParameter[];
}

export interface ConnectionAuthParameters {
  ApiKeyAuthParameters?: { ApiKeyName: string; ApiKeyValue: string };
  BasicAuthParameters?: { Username: string; Password: string };
  OAuthParameters?: {
    AuthorizationEndpoint: string;
    HttpMethod: 'GET' | 'POST' | 'PUT';
    ClientParameters: { ClientID: string; ClientSecret: string };
    OAuthHttpParameters?: ConnectionHttpParameters;
  };
  InvocationHttpParameters?: ConnectionHttpParameters;
}

export type AuthorizationType = 'API_KEY' | 'BASIC' | 'OAUTH_CLIENT_CREDENTIALS';

export interface ConnectionRecord {
  name: string;
  arn: string;
  authorizationType: AuthorizationType;
  authParameters: unknown;
}

export class ConnectionConfigError extends Error {}

/** Narrows the directory's `unknown` to the AWS shape, saying which field is missing (never its value). */
export function readAuthParameters(connection: ConnectionRecord): ConnectionAuthParameters {
  const p = (connection.authParameters ?? {}) as ConnectionAuthParameters;
  const need = (ok: unknown, field: string) => {
    if (!ok)
      throw new ConnectionConfigError(
        `Connection ${connection.name}: ${connection.authorizationType} needs AuthParameters.${field}`,
      );
  };
  if (connection.authorizationType === 'API_KEY') {
    need(
      p.ApiKeyAuthParameters?.ApiKeyName && p.ApiKeyAuthParameters.ApiKeyValue !== undefined,
      'ApiKeyAuthParameters',
    );
  } else if (connection.authorizationType === 'BASIC') {
    need(
      p.BasicAuthParameters?.Username !== undefined && p.BasicAuthParameters.Password !== undefined,
      'BasicAuthParameters',
    );
  } else {
    const o = p.OAuthParameters;
    need(
      o?.AuthorizationEndpoint &&
        o.ClientParameters?.ClientID &&
        o.ClientParameters.ClientSecret !== undefined,
      'OAuthParameters',
    );
  }
  return p;
}

export interface OutgoingRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

/**
 * Adds the connection's authorization and its InvocationHttpParameters to a request.
 * Body parameters are merged into a JSON object body (AWS adds them to the request body); a body that is
 * not a JSON object is sent unchanged, since there is no place in it for them.
 */
export function applyConnection(
  request: OutgoingRequest,
  connection: ConnectionRecord,
  accessToken?: string,
): OutgoingRequest {
  const p = readAuthParameters(connection);
  const url = p.InvocationHttpParameters?.QueryStringParameters?.length ? new URL(request.url) : request.url;
  const headers = { ...request.headers };
  let body = request.body;
  const extra = p.InvocationHttpParameters;
  for (const { Key, Value } of extra?.HeaderParameters ?? []) headers[Key.toLowerCase()] = Value;
  for (const { Key, Value } of extra?.QueryStringParameters ?? []) url.searchParams.append(Key, Value);
  if (extra?.BodyParameters?.length) body = mergeBodyParameters(body, extra.BodyParameters);

  switch (connection.authorizationType) {
    case 'API_KEY':
      headers[p.ApiKeyAuthParameters!.ApiKeyName.toLowerCase()] = p.ApiKeyAuthParameters!.ApiKeyValue;
      break;
    case 'BASIC': {
      const { Username, Password } = p.BasicAuthParameters!;
      headers.authorization = `Basic ${Buffer.from(`${Username}:${Password}`).toString('base64')}`;
      break;
    }
    case 'OAUTH_CLIENT_CREDENTIALS':
      if (!accessToken)
        throw new ConnectionConfigError(`Connection ${connection.name}: no OAuth access token`);
      headers.authorization = `Bearer ${accessToken}`;
      break;
  }
  return { url, headers, body };
}

function mergeBodyParameters(body: string, params: HttpParameter[]): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return body;
  const merged = { ...(parsed as Record<string, unknown>) };
  for (const { Key, Value } of params) merged[Key] = Value;
  return JSON.stringify(merged);
}

/** What of a connection is secret: secret-redaction.ts, the one place that decides it. */
export { secretValues as connectionSecrets } from './secret-redaction.ts';
