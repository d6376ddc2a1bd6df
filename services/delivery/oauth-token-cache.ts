// OAuth 2.0 client credentials (RFC 6749 §4.4) for OAUTH_CLIENT_CREDENTIALS connections, as EventBridge
// does it: the client id and secret go in HTTP Basic auth (RFC 6749 §2.3.1) to the connection's
// AuthorizationEndpoint, with its OAuthHttpParameters; the access token is cached per connection,
// fetched once for all concurrent callers, refreshed shortly before `expires_in` runs out, and dropped
// when the partner answers 401 or 407 (the worker then retries with a fresh token).
// The token endpoint is reached through the outbound guard like any delivery (outbound-guard.ts):
// a connection must not send its client id and secret to 127.0.0.1 or the metadata service.
import { request, type Dispatcher } from 'undici';
import { systemClock, type Clock } from './clock.ts';
import type { ConnectionAuthParameters } from './connection-auth.ts';
import {
  checkEndpointUrl,
  EndpointRefusedError,
  guardedAgent,
  strictPolicy,
  type EndpointPolicy,
} from './outbound-guard.ts';

export class OAuthTokenError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: 'OAUTH_TOKEN_ERROR' | 'ENDPOINT_REFUSED' = 'OAUTH_TOKEN_ERROR',
  ) {
    super(message);
  }
}

interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

export interface OAuthTokenCacheOptions {
  clock?: Clock;
  timeoutMs?: number;
  /** Lifetime assumed when the endpoint gives no `expires_in`. */
  defaultLifetimeMs?: number;
  /** Which addresses the token endpoint may have (default: production's, strictPolicy). */
  policy?: EndpointPolicy;
  /** DNS resolution for the guard (tests). */
  resolve?: typeof import('node:dns').lookup;
}

export class OAuthTokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();
  private readonly clock: Clock;
  private readonly policy: EndpointPolicy;
  private dispatcher: Dispatcher | undefined;
  fetches = 0;

  constructor(private readonly opts: OAuthTokenCacheOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.policy = opts.policy ?? strictPolicy;
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
    this.dispatcher = undefined;
  }

  async token(
    connectionArn: string,
    params: NonNullable<ConnectionAuthParameters['OAuthParameters']>,
  ): Promise<string> {
    const cached = this.tokens.get(connectionArn);
    if (cached && this.clock.now() < cached.refreshAt) return cached.token;
    const inFlight = this.pending.get(connectionArn);
    if (inFlight) return inFlight;
    const fetching = this.fetch(connectionArn, params).finally(() => this.pending.delete(connectionArn));
    this.pending.set(connectionArn, fetching);
    return fetching;
  }

  /** The partner refused the token (401/407): the next attempt fetches a new one. */
  invalidate(connectionArn: string): void {
    this.tokens.delete(connectionArn);
  }

  private async fetch(
    connectionArn: string,
    p: NonNullable<ConnectionAuthParameters['OAuthParameters']>,
  ): Promise<string> {
    this.fetches++;
    let url: URL;
    try {
      url = checkEndpointUrl(p.AuthorizationEndpoint, this.policy, 'OAuth token endpoint');
    } catch (error) {
      throw new OAuthTokenError((error as Error).message, false, 'ENDPOINT_REFUSED');
    }
    this.dispatcher ??= guardedAgent(this.policy, {
      ...(this.opts.resolve ? { resolve: this.opts.resolve } : {}),
    });
    const extra = p.OAuthHttpParameters;
    for (const { Key, Value } of extra?.QueryStringParameters ?? []) url.searchParams.append(Key, Value);
    const form = new URLSearchParams();
    for (const { Key, Value } of extra?.BodyParameters ?? []) form.append(Key, Value);
    if (!form.has('grant_type')) form.set('grant_type', 'client_credentials');
    const { ClientID, ClientSecret } = p.ClientParameters;
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(ClientID)}:${encodeURIComponent(ClientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    for (const { Key, Value } of extra?.HeaderParameters ?? []) headers[Key.toLowerCase()] = Value;
    const where = `OAuth token endpoint ${url.origin}${url.pathname}`;
    const method = p.HttpMethod ?? 'POST';
    const timeout = this.opts.timeoutMs ?? 5_000;
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method,
        headers,
        body: method === 'GET' ? undefined : form.toString(),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        dispatcher: this.dispatcher,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as Error).cause, depth++)
        if (e instanceof EndpointRefusedError)
          throw new OAuthTokenError(`${where}: ${e.message}`, false, 'ENDPOINT_REFUSED');
      throw new OAuthTokenError(`${where} unreachable: ${(error as Error).message}`, true);
    }
    if (status < 200 || status >= 300) {
      throw new OAuthTokenError(`${where} answered ${status}`, status >= 500 || status === 429);
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new OAuthTokenError(`${where} answered ${status} without a JSON body`, false);
    }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new OAuthTokenError(`${where} answered without an access_token`, false);
    }
    const now = this.clock.now();
    const lifetime =
      typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in * 1000
        : (this.opts.defaultLifetimeMs ?? 3600_000);
    // Refresh when a tenth of the lifetime (at most a minute) is left, so no request carries a token
    // that expires on the way.
    const margin = Math.min(60_000, lifetime / 10);
    this.tokens.set(connectionArn, {
      token: body.access_token,
      expiresAt: now + lifetime,
      refreshAt: now + lifetime - margin,
    });
    return body.access_token;
  }
}
