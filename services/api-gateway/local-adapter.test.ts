// The adapter's events have API Gateway's REST proxy shape (v1), and results come back as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapterServer } from './local-adapter.ts';
import { silentLogger } from './logger.ts';
import type { ApiGatewayProxyEvent } from './proxy-event.ts';

let seen: ApiGatewayProxyEvent | undefined;
let server: Awaited<ReturnType<typeof startAdapterServer>>;
beforeAll(async () => {
  server = await startAdapterServer(
    [
      {
        prefix: '/api',
        functionName: 'echo',
        handler: async (event) => {
          seen = event;
          return {
            statusCode: 207,
            headers: { 'x-out': 'yes' },
            multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
            body: 'ok',
          };
        },
      },
      {
        prefix: '/bin',
        functionName: 'bin',
        handler: async () => ({
          statusCode: 200,
          body: Buffer.from([0, 255]).toString('base64'),
          isBase64Encoded: true,
        }),
      },
    ],
    silentLogger,
  );
});
afterAll(async () => server.close());

describe('local API Gateway adapter', () => {
  it('turns a request into a proxy event for a {proxy+} resource', async () => {
    const res = await fetch(`${server.url}/api/requests/42?limit=2&tag=a&tag=b`, {
      method: 'POST',
      headers: { 'X-Api-Key': 'k', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(seen).toMatchObject({
      resource: '/api/{proxy+}',
      path: '/api/requests/42',
      httpMethod: 'POST',
      headers: { 'X-Api-Key': 'k' },
      queryStringParameters: { limit: '2', tag: 'b' },
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
      pathParameters: { proxy: 'requests/42' },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: { stage: 'local', httpMethod: 'POST', resourcePath: '/api/{proxy+}' },
    });
    expect([res.status, res.headers.get('x-out'), res.headers.get('set-cookie'), await res.text()]).toEqual([
      207,
      'yes',
      'a=1, b=2',
      'ok',
    ]);
  });

  it('base64-encodes binary bodies both ways', async () => {
    await fetch(`${server.url}/api/doc`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect([seen?.isBase64Encoded, seen?.body]).toEqual([true, Buffer.from([1, 2, 3]).toString('base64')]);
    const res = await fetch(`${server.url}/bin`);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 255]);
  });

  it('answers problem+json where nothing is mounted', async () => {
    const res = await fetch(`${server.url}/apix`);
    expect([res.status, res.headers.get('content-type')]).toEqual([404, 'application/problem+json']);
  });
});
