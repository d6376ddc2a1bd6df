// A document uploaded as text/html with a <script> is served through the signed link every partner
// receives, from the API's own origin: over HTTP it must come with nosniff, attachment and a CSP
// sandbox, and in a real browser (Chromium) opening the link must not run the script.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapterServer } from '../api-gateway/local-adapter.ts';
import { silentLogger } from '../api-gateway/logger.ts';
import { createObjectHandler } from './object-handler.ts';
import { LocalObjectStore } from './object-store.ts';
import { signObjectUrl } from './signed-url.ts';

const dir = mkdtempSync(join(tmpdir(), 'portico-objects-'));
const secret = Buffer.alloc(32, 7);
const store = new LocalObjectStore(dir);
let server: Awaited<ReturnType<typeof startAdapterServer>>;
let browser: Browser | undefined;
const hits: string[] = [];

beforeAll(async () => {
  server = await startAdapterServer(
    [
      {
        prefix: '/objects',
        handler: createObjectHandler({ store, secret, prefix: '/objects' }),
        functionName: 'objects',
      },
      {
        prefix: '/pwned',
        functionName: 'pwned',
        handler: async (event) => {
          hits.push(event.path);
          return { statusCode: 204, headers: {}, body: '' };
        },
      },
    ],
    silentLogger,
  );
});
afterAll(async () => {
  await browser?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const link = (contentType: string, body: string) =>
  signObjectUrl(
    `${server.url}/objects`,
    store.put(Buffer.from(body), contentType),
    Date.now() + 60_000,
    secret,
  );

const script = `<html><body><script>fetch('/pwned/' + document.domain); document.title = 'ran'</script>x</body></html>`;

describe('documents are served inert', () => {
  it.each([
    ['text/html with a script', 'text/html', script],
    [
      'SVG with a script',
      'image/svg+xml',
      `<svg xmlns="http://www.w3.org/2000/svg"><script>fetch('/pwned/svg')</script></svg>`,
    ],
    ['a PDF', 'application/pdf', '%PDF-1.7'],
  ])('%s: nosniff, attachment, CSP sandbox', async (_name, type, body) => {
    const res = await fetch(link(type, body));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"/);
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox\b/);
    expect(await res.text()).toBe(body);
  });

  it('opening the link in Chromium runs no script in the API’s origin', async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    const url = link('text/html', script);
    // An attachment is a download, not a page: the navigation is aborted, the title stays unset.
    await page
      .goto(url)
      .catch((e: Error) => expect(e.message).toMatch(/Download is starting|net::ERR_ABORTED/));
    // Even rendered in a frame, the sandbox forbids script.
    await page.goto(`${server.url}/pwned/blank`).catch(() => undefined);
    await page.setContent(`<iframe src="${url}"></iframe>`, { waitUntil: 'load' });
    expect(await page.title()).not.toBe('ran');
    expect(hits.filter((h) => h !== '/pwned/blank')).toEqual([]);
  });
});
