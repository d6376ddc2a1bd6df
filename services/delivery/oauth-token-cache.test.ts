import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { OAuthTokenCache } from './oauth-token-cache.ts';
import { startScriptedServer, type ScriptedServer } from './testing/scripted-server.ts';

// The token servers of these tests listen on loopback: local development's rules.
const local = { allowHttp: true, allowPrivateNetworks: true };
let server: ScriptedServer | undefined;
afterEach(() => server?.close());

function tokenServer(expiresIn = 300) {
  let n = 0;
  return startScriptedServer([], (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: `tok-${++n}`, token_type: 'Bearer', expires_in: expiresIn }));
    return true;
  });
}
const params = (endpoint: string) => ({
  AuthorizationEndpoint: `${endpoint}/oauth/token`,
  HttpMethod: 'POST' as const,
  ClientParameters: { ClientID: 'portico', ClientSecret: 's3cret' },
  OAuthHttpParameters: { BodyParameters: [{ Key: 'scope', Value: 'requests:write' }] },
});

describe('OAuthTokenCache', () => {
  it('posts client credentials the way RFC 6749 §4.4 says, once for concurrent callers', async () => {
    server = await tokenServer();
    const cache = new OAuthTokenCache({ clock: new ManualClock(), policy: local });
    const tokens = await Promise.all([1, 2, 3].map(() => cache.token('conn', params(server!.url))));
    expect(tokens).toEqual(['tok-1', 'tok-1', 'tok-1']);
    expect(server.received).toHaveLength(1);
    const [req] = server.received;
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from('portico:s3cret').toString('base64')}`);
    expect(new URLSearchParams(req?.body)).toEqual(
      new URLSearchParams('scope=requests%3Awrite&grant_type=client_credentials'),
    );
  });

  it.each([
    ['keeps the token until shortly before expiry', 300 - 31, 'tok-1'],
    ['refreshes it once a tenth of its life is left', 300 - 29, 'tok-2'],
  ])('%s', async (_n, afterSeconds, want) => {
    server = await tokenServer(300);
    const clock = new ManualClock();
    const cache = new OAuthTokenCache({ clock, policy: local });
    await cache.token('conn', params(server.url));
    clock.advance(afterSeconds * 1000);
    expect(await cache.token('conn', params(server.url))).toBe(want);
  });

  it('fetches a new token after invalidate (the partner said 401)', async () => {
    server = await tokenServer();
    const cache = new OAuthTokenCache({ clock: new ManualClock(), policy: local });
    await cache.token('conn', params(server.url));
    cache.invalidate('conn');
    expect(await cache.token('conn', params(server.url))).toBe('tok-2');
  });

  it.each([
    ['a 500 is retryable', { status: 500 }, true, /answered 500/],
    ['a 400 is not', { status: 400, body: '{"error":"invalid_client"}' }, false, /answered 400/],
    ['no access_token', { status: 200, body: '{}' }, false, /without an access_token/],
  ])('%s', async (_n, step, retryable, message) => {
    server = await startScriptedServer([step]);
    const cache = new OAuthTokenCache({ policy: local });
    const error = await cache.token('conn', params(server.url)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OAUTH_TOKEN_ERROR', retryable });
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toContain('s3cret');
  });
});
