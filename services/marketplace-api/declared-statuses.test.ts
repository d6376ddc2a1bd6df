// Every status the API answers is one its OpenAPI declares for the operation, with the headers
// RFC 9110 asks for: each case goes through the fixture's client, which fails on any answer the
// document does not allow (testing/response-contract.ts), and the checker itself refuses what
// the document does not say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.ts';
import { marketplaceApiDescription } from './api-description.ts';
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

describe('HEAD wherever GET is served (RFC 9110 §9.3.2), declared in the OpenAPI', () => {
  type Op = { responses?: Record<string, unknown> };
  const paths = (marketplaceApiDescription.document as { paths: Record<string, Record<string, Op>> }).paths;

  it('the document declares head on every path with get, with the same statuses', () => {
    const withGet = Object.entries(paths).filter(([, item]) => item['get']);
    expect(withGet.length).toBeGreaterThan(0);
    for (const [path, item] of withGet) {
      expect(item['head'], path).toBeDefined();
      expect(Object.keys(item['head']?.responses ?? {}).sort(), path).toEqual(
        Object.keys(item['get']?.responses ?? {}).sort(),
      );
    }
  });

  it.each([
    ['/requests?limit=2', true],
    ['/requests/6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01', true],
    ['/requests/not-a-uuid', true],
    ['/partner', true],
    ['/partner/deliveries', true],
    ['/partner', false],
  ])('HEAD %s (key: %s) answers as GET does, without a body', async (path, withKey) => {
    const init = withKey ? { key: api.keyOf('techhub') } : {};
    const get = await api.call('GET', path, init);
    const head = await api.call('HEAD', path, init);
    expect(head.status).toBe(get.status);
    expect(head.body).toBeUndefined();
    for (const name of ['content-type', 'www-authenticate'])
      expect(head.headers.get(name), name).toBe(get.headers.get(name));
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
      'a HEAD answer with a body',
      { method: 'HEAD', path: '/partner', status: 200, headers: new Headers(), text: '{}' },
      /a body where none is declared/,
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
