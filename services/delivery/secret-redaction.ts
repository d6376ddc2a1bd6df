// The one place that decides what of a connection is secret, and hides it: in API responses
// (DescribeConnection, as AWS never returns a secret value), in logs and in the response snippets
// kept with each attempt (a partner may echo credentials back).
import type { ConnectionAuthParameters, ConnectionHttpParameters } from './connection-auth.ts';

export const REDACTED = '[redacted]';

/** Every secret value of a connection: API key, password, client secret, parameters marked IsValueSecret. */
export function secretValues(p: ConnectionAuthParameters): string[] {
  const secretParams = (h?: ConnectionHttpParameters) =>
    [...(h?.HeaderParameters ?? []), ...(h?.QueryStringParameters ?? []), ...(h?.BodyParameters ?? [])]
      .filter((x) => x.IsValueSecret)
      .map((x) => x.Value);
  return [
    p.ApiKeyAuthParameters?.ApiKeyValue,
    p.BasicAuthParameters?.Password,
    p.OAuthParameters?.ClientParameters?.ClientSecret,
    ...secretParams(p.InvocationHttpParameters),
    ...secretParams(p.OAuthParameters?.OAuthHttpParameters),
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** `text` with every secret (longest first, so a secret containing another goes whole) replaced. */
export function redactText(text: string, secrets: readonly string[]): string {
  if (text === '') return text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    if (secret !== '' && text.includes(secret)) text = text.split(secret).join(REDACTED);
  return text;
}

/**
 * AuthParameters as DescribeConnection answers them: AWS returns the names around secrets (ApiKeyName,
 * Username, ClientID) and never the values (ApiKeyValue, Password, ClientSecret, and the Value of an
 * HTTP parameter marked IsValueSecret, of which only Key and IsValueSecret are shown).
 */
export function redactAuthParameters(auth: ConnectionAuthParameters): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (auth.ApiKeyAuthParameters)
    out['ApiKeyAuthParameters'] = { ApiKeyName: auth.ApiKeyAuthParameters.ApiKeyName };
  if (auth.BasicAuthParameters) out['BasicAuthParameters'] = { Username: auth.BasicAuthParameters.Username };
  const oauth = auth.OAuthParameters;
  if (oauth) {
    out['OAuthParameters'] = {
      ClientParameters: { ClientID: oauth.ClientParameters?.ClientID },
      AuthorizationEndpoint: oauth.AuthorizationEndpoint,
      HttpMethod: oauth.HttpMethod,
      ...(oauth.OAuthHttpParameters
        ? { OAuthHttpParameters: redactHttpParameters(oauth.OAuthHttpParameters) }
        : {}),
    };
  }
  if (auth.InvocationHttpParameters)
    out['InvocationHttpParameters'] = redactHttpParameters(auth.InvocationHttpParameters);
  return out;
}

function redactHttpParameters(h: ConnectionHttpParameters): ConnectionHttpParameters {
  const each = (list?: ConnectionHttpParameters['HeaderParameters']) =>
    list?.map((x) => (x.IsValueSecret ? { Key: x.Key, IsValueSecret: true } : x)) as
      ConnectionHttpParameters['HeaderParameters'] | undefined;
  return {
    ...(h.HeaderParameters ? { HeaderParameters: each(h.HeaderParameters) } : {}),
    ...(h.QueryStringParameters ? { QueryStringParameters: each(h.QueryStringParameters) } : {}),
    ...(h.BodyParameters ? { BodyParameters: each(h.BodyParameters) } : {}),
  };
}
