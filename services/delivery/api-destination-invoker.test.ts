import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiDestinationInvoker } from './api-destination-invoker.ts';
import { ManualClock } from './clock.ts';
import type { InvokeRequest } from './target-invoker.ts';
import { MemoryDirectory } from './testing/memory-directory.ts';
import { startScriptedServer, type ScriptedServer, type Step } from './testing/scripted-server.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const local = { allowHttp: true, allowPrivateNetworks: true };
const servers: ScriptedServer[] = [];
const invokers: ApiDestinationInvoker[] = [];
afterEach(async () => {
  await Promise.all(invokers.splice(0).map((i) => i.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(
  steps: Step[],
  opts: { timeoutMs?: number; policy?: typeof local; endpoint?: (url: string) => string } = {},
) {
  const server = await startScriptedServer(steps);
  servers.push(server);
  const directory = new MemoryDirectory();
  const conn = directory.addConnection('acme', 'API_KEY', {
    ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'key-123' },
  });
  const arn = directory.addDestination(
    'acme-books-prod',
    (opts.endpoint ?? ((u) => `${u}/portico/requests`))(server.url),
    conn,
    { secrets: [SECRET] },
  );
  const clock = new ManualClock(Date.now());
  const invoker = new ApiDestinationInvoker({
    directory,
    endpointPolicy: opts.policy ?? local,
    timeoutMs: opts.timeoutMs ?? 2_000,
    clock,
  });
  invokers.push(invoker);
  const req = (attempt = 1): InvokeRequest => ({
    id: 'dlv_1',
    eventId: 'evt-1',
    targetArn: arn,
    body: '{"detail":{"request_id":"r1"}}',
    attempt,
    webhookId: 'msg_abc',
  });
  return { server, directory, invoker, clock, req, arn };
}

describe('ApiDestinationInvoker against a scripted partner', () => {
  it('POSTs the body with the API key and Standard Webhooks headers the partner can verify', async () => {
    const t = await setup([{ status: 202, body: 'accepted' }]);
    const outcome = await t.invoker.invoke(t.req());
    expect(outcome).toMatchObject({ kind: 'succeeded', status: 202, responseSnippet: 'accepted' });
    const [got] = t.server.received;
    expect(got).toMatchObject({
      method: 'POST',
      url: '/portico/requests',
      body: '{"detail":{"request_id":"r1"}}',
    });
    expect(got?.headers).toMatchObject({
      'x-api-key': 'key-123',
      'content-type': 'application/json; charset=utf-8',
      'webhook-id': 'msg_abc',
    });
    expect(new Webhook(SECRET).verify(got!.body, got!.headers as Record<string, string>)).toEqual({
      detail: { request_id: 'r1' },
    });
  });

  it('keeps the webhook-id and refreshes the timestamp on a retry', async () => {
    const t = await setup([{ status: 200 }]);
    await t.invoker.invoke(t.req(1));
    t.clock.advance(61_000);
    await t.invoker.invoke(t.req(2));
    const [a, b] = t.server.received;
    expect(b?.headers['webhook-id']).toBe(a?.headers['webhook-id']);
    expect(Number(b?.headers['webhook-timestamp']) - Number(a?.headers['webhook-timestamp'])).toBe(61);
  });

  const cases: [string, { given: Step[]; timeoutMs?: number; want: Record<string, unknown> }][] = [
    [
      'a 500 is retryable',
      {
        given: [{ status: 500, body: 'boom' }],
        want: { kind: 'retryable', errorCode: 'HTTP_500', status: 500, responseSnippet: 'boom' },
      },
    ],
    ['a 503 is retryable', { given: [{ status: 503 }], want: { kind: 'retryable', errorCode: 'HTTP_503' } }],
    [
      'a 429 carries its Retry-After',
      {
        given: [{ status: 429, headers: { 'retry-after': '7' } }],
        want: { kind: 'retryable', errorCode: 'HTTP_429', retryAfterMs: 7_000 },
      },
    ],
    [
      'a 409 is retried, as AWS does',
      { given: [{ status: 409 }], want: { kind: 'retryable', errorCode: 'HTTP_409' } },
    ],
    [
      'a 400 is final',
      {
        given: [{ status: 400, body: '{"error":"bad"}' }],
        want: { kind: 'failed', errorCode: 'HTTP_400', responseSnippet: '{"error":"bad"}' },
      },
    ],
    [
      'a redirect is not followed',
      {
        given: [{ status: 302, headers: { location: 'http://169.254.169.254/' } }],
        want: {
          kind: 'failed',
          errorCode: 'HTTP_302',
          errorMessage: expect.stringMatching(/redirects are not followed/),
        },
      },
    ],
    [
      'a partner that never answers times out',
      {
        given: [{ hang: true }],
        timeoutMs: 200,
        want: {
          kind: 'retryable',
          errorCode: 'TIMEOUT',
          errorMessage: expect.stringMatching(/within 200 ms/),
        },
      },
    ],
    [
      'a connection reset is a network error',
      { given: [{ reset: true }], want: { kind: 'retryable', errorCode: 'NETWORK_ERROR' } },
    ],
    [
      'a 200 whose body dribbles past the deadline still counts: the status answered',
      {
        given: [{ slowBody: true, status: 200, chunks: 50, everyMs: 20 }],
        timeoutMs: 300,
        want: { kind: 'succeeded', status: 200 },
      },
    ],
    [
      'a long body is cut to 512 bytes in the log',
      { given: [{ status: 500, body: 'y'.repeat(2000) }], want: { responseSnippet: 'y'.repeat(512) } },
    ],
  ];
  it.each(cases)('%s', async (_n, { given, timeoutMs, want }) => {
    const t = await setup(given, timeoutMs ? { timeoutMs } : {});
    expect(await t.invoker.invoke(t.req())).toMatchObject(want);
  });

  it('a partner that is down is a retryable network error', async () => {
    const t = await setup([{ status: 200 }]);
    await t.server.close();
    expect(await t.invoker.invoke(t.req())).toMatchObject({
      kind: 'retryable',
      errorCode: 'NETWORK_ERROR',
      errorMessage: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it.each([
    ['http outside local development', { allowHttp: false, allowPrivateNetworks: true }, /must use https/],
    [
      'loopback unless private networks are allowed',
      { allowHttp: true, allowPrivateNetworks: false },
      /loopback address/,
    ],
  ])('refuses %s, without retrying', async (_n, policy, message) => {
    const t = await setup([{ status: 200 }], { policy });
    expect(await t.invoker.invoke(t.req())).toMatchObject({
      kind: 'failed',
      errorCode: 'ENDPOINT_REFUSED',
      errorMessage: expect.stringMatching(message),
    });
    expect(t.server.received).toHaveLength(0);
  });

  it('refuses a name that resolves to loopback, at connect time', async () => {
    const t = await setup([{ status: 200 }], {
      policy: { allowHttp: true, allowPrivateNetworks: false },
      endpoint: (u) => u.replace('127.0.0.1', 'localhost'),
    });
    expect(await t.invoker.invoke(t.req())).toMatchObject({
      kind: 'failed',
      errorCode: 'ENDPOINT_REFUSED',
      errorMessage: expect.stringMatching(/resolves to/),
    });
  });

  it('an unknown destination fails without retries', async () => {
    const t = await setup([{ status: 200 }]);
    expect(await t.invoker.invoke({ ...t.req(), targetArn: t.arn + 'x' })).toMatchObject({
      kind: 'failed',
      errorCode: 'RESOURCE_NOT_FOUND',
    });
  });
});

describe('OAuth client credentials against a partner whose tokens expire', () => {
  it('fetches a token, and after a 401 (expired) fetches a new one for the retry', async () => {
    let issued = 0;
    let valid = '';
    const auth = await startScriptedServer([], (_req, res) => {
      valid = `tok-${++issued}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: valid, expires_in: 3600 }));
      return true;
    });
    const partner = await startScriptedServer([], (req, res) => {
      res.writeHead(req.headers.authorization === `Bearer ${valid}` ? 200 : 401);
      res.end();
      return true;
    });
    servers.push(auth, partner);
    const directory = new MemoryDirectory();
    const conn = directory.addConnection('oauth', 'OAUTH_CLIENT_CREDENTIALS', {
      OAuthParameters: {
        AuthorizationEndpoint: `${auth.url}/token`,
        HttpMethod: 'POST',
        ClientParameters: { ClientID: 'id', ClientSecret: 'cs' },
      },
    });
    const arn = directory.addDestination('oauth-partner', `${partner.url}/hook`, conn);
    const invoker = new ApiDestinationInvoker({ directory, endpointPolicy: local });
    invokers.push(invoker);
    const req: InvokeRequest = {
      id: 'd',
      eventId: 'e',
      targetArn: arn,
      body: '{}',
      attempt: 1,
      webhookId: 'msg_1',
    };

    expect(await invoker.invoke(req)).toMatchObject({ kind: 'succeeded' });
    valid = 'rotated-by-the-provider'; // the cached token has expired at the partner
    expect(await invoker.invoke(req)).toMatchObject({ kind: 'retryable', errorCode: 'HTTP_401' });
    expect(await invoker.invoke(req)).toMatchObject({ kind: 'succeeded' });
    expect(issued).toBe(2);
    expect(partner.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });
});
