// Every status the API answers is one its OpenAPI declares for the operation, with the headers
// RFC 9110 asks for: each case goes through the fixture's client, which fails on any answer the
// document does not allow (testing/response-contract.ts), and the checker itself refuses what
// the document does not say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.ts';
import { responseViolations } from './testing/response-contract.ts';

let api: ApiFixture;
beforeAll(async () => {
  api = await startApiFixture();
});
afterAll(async () => api.close());

describe('the API answers only what it declares', () => {
  it.each<
    [
      string,
      string,
      string,
      { body?: unknown; headers?: Record<string, string>; noKey?: true },
      number,
      string?,
    ]
  >([
    ['a body that is not JSON', 'PATCH', '/partner', { body: '{"name":' }, 400],
    [
      'a wrong Content-Type',
      'PATCH',
      '/partner',
      { body: '{}', headers: { 'content-type': 'text/plain' } },
      415,
    ],
    ['a malformed request id', 'GET', '/requests/not-a-uuid', {}, 422],
    ['no API key', 'GET', '/partner', { noKey: true }, 401, 'www-authenticate'],
    ['a method the path does not serve', 'DELETE', '/partner', {}, 405, 'allow'],
    ['HEAD on a GET resource', 'HEAD', '/partner', {}, 200],
    ['another environment than the key’s', 'GET', '/requests?environment=prod', {}, 422],
  ])('%s: %s %s answers %s', async (_name, method, path, init, status, header) => {
    const res = await api.call(method, path, {
      ...(init.noKey ? {} : { key: api.keyOf('techhub') }),
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(init.headers ? { headers: init.headers } : {}),
    });
    expect(res.status).toBe(status);
    if (header) expect(res.headers.get(header)).toBeTruthy();
  });

  it('the 405 names HEAD beside GET in Allow', async () => {
    const res = await api.call('POST', '/partner', { key: api.keyOf('techhub'), body: {} });
    expect(res.headers.get('allow')).toBe('GET, PATCH, HEAD');
  });
});

describe('the checker refuses what the document does not say', () => {
  const problem = new Headers({ 'content-type': 'application/problem+json' });
  const body = JSON.stringify({ type: 'about:blank', title: 'x', status: 418 });
  it.each([
    [
      'an undeclared status',
      { method: 'GET', path: '/partner', status: 418, headers: problem, text: body },
      /not declared/,
    ],
    [
      'a 401 without WWW-Authenticate',
      { method: 'GET', path: '/partner', status: 401, headers: problem, text: body.replace('418', '401') },
      /WWW-Authenticate/,
    ],
    [
      'a 405 without Allow',
      { method: 'DELETE', path: '/partner', status: 405, headers: problem, text: body },
      /Allow lacks GET/,
    ],
    [
      'a body off its schema',
      {
        method: 'GET',
        path: '/partner',
        status: 200,
        headers: new Headers({ 'content-type': 'application/json' }),
        text: '{"id":1}',
      },
      /body/,
    ],
  ])('%s', (_name, res, want) => {
    expect(responseViolations(res).join('\n')).toMatch(want);
  });
});
