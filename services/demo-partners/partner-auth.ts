// How a demo partner checks the marketplace's credentials: the ones its connection sends (EventBridge
// connection AuthParameters: an API key header, HTTP basic, or an OAuth client-credentials token it
// issued itself from its token endpoint, RFC 6749 §4.4 with the client authenticated by HTTP basic,
// §2.3.1). Read from the bus's connection at each request, so self-service changes apply at once.
import { randomBytes } from 'node:crypto';

export type ExpectedAuth =
  | { type: 'api_key'; header: string; value: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'oauth'; clientId: string; clientSecret: string };

/** EventBridge's CreateConnection AuthParameters as the partner should expect them. */
export function expectedAuth(
  authorizationType: string,
  p: Record<string, unknown>,
): ExpectedAuth | undefined {
  const get = (o: unknown, k: string) => String((o as Record<string, unknown> | undefined)?.[k] ?? '');
  if (authorizationType === 'API_KEY')
    return {
      type: 'api_key',
      header: get(p['ApiKeyAuthParameters'], 'ApiKeyName'),
      value: get(p['ApiKeyAuthParameters'], 'ApiKeyValue'),
    };
  if (authorizationType === 'BASIC')
    return {
      type: 'basic',
      username: get(p['BasicAuthParameters'], 'Username'),
      password: get(p['BasicAuthParameters'], 'Password'),
    };
  if (authorizationType === 'OAUTH_CLIENT_CREDENTIALS') {
    const client = (p['OAuthParameters'] as Record<string, unknown> | undefined)?.['ClientParameters'];
    return { type: 'oauth', clientId: get(client, 'ClientID'), clientSecret: get(client, 'ClientSecret') };
  }
  return undefined;
}

export class PartnerAuth {
  private readonly tokens = new Set<string>();

  constructor(private readonly expected: () => ExpectedAuth | undefined) {}

  /** POST /oauth2/token: a bearer token for the right client, or undefined. */
  issueToken(
    headers: Record<string, string>,
  ): { access_token: string; token_type: 'Bearer'; expires_in: number } | undefined {
    const want = this.expected();
    if (want?.type !== 'oauth') return undefined;
    const [id, secret] = decodeBasic(headers['authorization']).map((s) => decodeURIComponent(s));
    if (id !== want.clientId || secret !== want.clientSecret) return undefined;
    const token = randomBytes(24).toString('base64url');
    this.tokens.add(token);
    return { access_token: token, token_type: 'Bearer', expires_in: 3600 };
  }

  /** Whether a delivery carries the credentials the partner expects (none expected: any). */
  accepts(headers: Record<string, string>): boolean {
    const want = this.expected();
    if (!want) return true;
    if (want.type === 'api_key') return headers[want.header.toLowerCase()] === want.value;
    if (want.type === 'basic') {
      const [username, password] = decodeBasic(headers['authorization']);
      return username === want.username && password === want.password;
    }
    const bearer = /^Bearer (.+)$/i.exec(headers['authorization'] ?? '')?.[1];
    return bearer !== undefined && this.tokens.has(bearer);
  }
}

function basicText(header: string | undefined): string | undefined {
  const encoded = /^Basic (.+)$/i.exec(header ?? '')?.[1];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/** RFC 7617 §2: user-id and password split at the first colon (a user-id has none). */
function decodeBasic(header: string | undefined): [string, string] {
  const text = basicText(header);
  if (text === undefined) return ['', ''];
  const colon = text.indexOf(':');
  return colon < 0 ? [text, ''] : [text.slice(0, colon), text.slice(colon + 1)];
}
