// The docs site served by the runtime under /docs, on an ephemeral port: pages and assets with
// their types, the redirect that makes relative links work, and refusals (outside the folder,
// missing files, writes, a site not built yet) as clear 4xx.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../runtime/dev-runtime.ts';

const tmp = mkdtempSync(join(tmpdir(), 'portico-docs-serve-'));
const site = join(tmp, 'site');
mkdirSync(join(site, 'assets'), { recursive: true });
writeFileSync(join(site, 'index.html'), '<!doctype html><title>overview</title>');
writeFileSync(join(site, 'route.html'), '<!doctype html><title>route</title>');
writeFileSync(join(site, 'assets/style.css'), 'body{}');
writeFileSync(join(site, 'assets/explainer.js'), '1;');
writeFileSync(join(tmp, 'secret.txt'), 'outside the site');

/** A GET with the path sent as written (URL parsers would resolve `%2e%2e` before sending). */
function rawGet(
  base: string,
  path: string,
): Promise<{ status: number; type: string | undefined; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    httpGet({ hostname, port, path }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text }));
    }).on('error', reject);
  });
}

let runtime: Runtime;
let unbuilt: Runtime;
beforeAll(async () => {
  const options = { port: 0, catalog: false, deliver: false, logger: pino({ level: 'silent' }) };
  runtime = await startRuntime({ ...options, dataDir: join(tmp, 'data'), docsDir: site });
  unbuilt = await startRuntime({ ...options, dataDir: join(tmp, 'data2'), docsDir: join(tmp, 'absent') });
});
afterAll(async () => {
  await runtime.close();
  await unbuilt.close();
});

describe('GET /docs', () => {
  it.each([
    ['/docs/', 200, 'text/html; charset=utf-8', '<title>overview</title>'],
    ['/docs/route.html', 200, 'text/html; charset=utf-8', '<title>route</title>'],
    ['/docs/route.html?x=1', 200, 'text/html; charset=utf-8', '<title>route</title>'],
    ['/docs/assets/style.css', 200, 'text/css; charset=utf-8', 'body{}'],
    ['/docs/assets/explainer.js', 200, 'text/javascript; charset=utf-8', '1;'],
    ['/docs/missing.html', 404, 'text/plain; charset=utf-8', 'Not found: /docs/missing.html'],
    ['/docs/%2e%2e/secret.txt', 404, 'text/plain; charset=utf-8', 'Not found'],
    ['/docs/..%2fsecret.txt', 404, 'text/plain; charset=utf-8', 'Not found'],
    ['/docs/%E0%A4%A', 404, 'text/plain; charset=utf-8', 'Not found'],
    ['/docsx', 404, 'text/plain; charset=utf-8', 'Not found: /docsx'],
  ])('%s: %s', async (path, status, type, body) => {
    const { status: got, type: gotType, text } = await rawGet(runtime.url, path);
    expect([got, gotType]).toEqual([status, type]);
    expect(text).toContain(body);
    expect(text).not.toContain('outside the site');
  });

  it('redirects /docs to /docs/, where relative links resolve', async () => {
    const res = await request(`${runtime.url}/docs`);
    await res.body.dump();
    expect([res.statusCode, res.headers.location]).toEqual([301, '/docs/']);
  });

  it('refuses writes with 405 and Allow', async () => {
    const res = await request(`${runtime.url}/docs/index.html`, { method: 'POST', body: 'x' });
    expect([res.statusCode, res.headers.allow, await res.body.text()]).toEqual([
      405,
      'GET, HEAD',
      'POST is not allowed on /docs: the docs are read-only (GET, HEAD)\n',
    ]);
  });

  it('says how to build the site when it is not built', async () => {
    const res = await request(`${unbuilt.url}/docs/`);
    expect(res.statusCode).toBe(404);
    expect(await res.body.text()).toContain('The docs site is not built yet');
  });

  it('leaves the bus API where it was', async () => {
    const res = await request(runtime.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.ListEventBuses', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });
});
