// The docs site in a real browser (Debian's Chromium through playwright-core), served by the runtime
// under /docs on an ephemeral port as `npm start` serves it: every page loads with no console error,
// no failed or outside request and no broken link; the route explainer's verdicts for every example
// equal `portico route --explain --json`; search finds a field by name; axe-core finds no serious or
// critical violation; and the explainer works from a file:// folder too.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../services/runtime/dev-runtime.ts';
import { buildSite, writeSite } from './build-site.ts';

const repo = new URL('../../', import.meta.url).pathname;
const bin = join(repo, 'scripts/bin/portico.mjs');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LONG = 600_000; // ceilings for a busy 2-core machine, not timing assumptions

interface Miss {
  text: string;
}
interface CliVerdict {
  rule: string;
  matches: boolean;
  branches: Array<{ matches: boolean; miss?: Miss }>;
}
interface Example {
  id: string;
  label: string;
  text: string;
}

/** What the page shows for a verdict: `portico route`'s reasons, from its JSON. */
function shownReasons(v: CliVerdict): string[] {
  const n = v.branches.length;
  if (v.matches) return n > 1 ? [`branch ${v.branches.findIndex((b) => b.matches) + 1} of ${n} matches`] : [];
  return n === 1 ? [v.branches[0]!.miss!.text] : v.branches.map((b, i) => `branch ${i + 1}: ${b.miss!.text}`);
}

function route(input: string): Promise<CliVerdict[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [bin, 'route', '--event', '-', '--explain', '--json'],
      { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error && typeof error.code !== 'number') reject(error);
        else
          resolve(
            (JSON.parse(stdout) as { events: Array<{ rules: CliVerdict[] }> }).events.map((e) => e.rules),
          );
      },
    );
    child.stdin?.end(input);
  });
}

const site = join(mkdtempSync(join(tmpdir(), 'portico-site-')), 'site');
let runtime: Runtime;
let browser: Browser;
let base: string;
let pages: string[];

beforeAll(async () => {
  writeSite(site, await buildSite({ catalog: 'catalog', cwd: repo }));
  pages = readdirSync(site)
    .filter((f) => f.endsWith('.html'))
    .sort();
  runtime = await startRuntime({
    port: 0,
    dataDir: join(site, '..', 'data'),
    catalog: false,
    deliver: false,
    docsDir: site,
    logger: pino({ level: 'silent' }),
  });
  base = `${runtime.url}/docs/`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, LONG);

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

/** A page that records console errors, page errors and failed requests, and refuses any request off this machine. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.route(/^(?!http:\/\/127\.0\.0\.1:|file:|data:|blob:)/, (r) => {
    problems.push(`request off the machine: ${r.request().url()}`);
    return r.abort();
  });
  return { page, problems };
}

/** Waits until the page's scripts have done their work: Redoc rendered, the explainer explained. */
async function ready(page: Page): Promise<void> {
  if (await page.$('#redoc')) await page.waitForSelector('#redoc[data-ready="true"]', { timeout: LONG });
  if (await page.$('#verdicts')) await page.waitForSelector('body[data-explained]', { timeout: LONG });
}

// The page's code runs in the browser, so it is passed as text: the project's types are Node's, not the DOM's.
const SHOWN_VERDICTS = `[...document.querySelectorAll('#verdicts tbody tr')].map((r) => ({
  rule: r.dataset.rule,
  matches: r.dataset.matches === 'true',
  reasons: [...r.querySelectorAll('li')].map((li) => li.textContent),
}))`;
const FORGET_EXPLAINED = 'delete document.body.dataset.explained';

async function verdictsShown(
  page: Page,
): Promise<Array<{ rule: string; matches: boolean; reasons: string[] }>> {
  return page.evaluate(SHOWN_VERDICTS);
}

describe('the docs site in Chromium, served under /docs', () => {
  it(
    'every page loads with no console error, no failed request and no broken link',
    async () => {
      const { page, problems } = await watchedPage();
      const anchors = new Set<string>();
      let links = 0;
      for (const file of pages) {
        const response = await page.goto(base + file);
        expect([file, response?.status()]).toEqual([file, 200]);
        await ready(page);
        const hrefs = await page.evaluate<string[]>(
          `[...document.querySelectorAll('a[href]')].map((a) => a.href)`,
        );
        for (const href of hrefs) {
          const url = new URL(href);
          if (url.origin !== new URL(base).origin) continue; // outside links: this machine is offline
          links++;
          const res = await fetch(new URL(url.pathname, base), { method: 'HEAD' });
          expect([file, href, res.status]).toEqual([file, href, 200]);
          if (url.hash && !url.hash.startsWith('#example=')) anchors.add(`${url.pathname}${url.hash}`);
        }
      }
      for (const anchor of [...anchors].sort()) {
        const [path, hash] = anchor.split('#') as [string, string];
        if (page.url().split('#')[0] !== new URL(path, base).href) {
          await page.goto(new URL(path, base).href);
          await ready(page);
        }
        const found = await page.evaluate(
          `document.getElementById(${JSON.stringify(decodeURIComponent(hash))}) !== null`,
        );
        expect([anchor, found]).toEqual([anchor, true]);
      }
      expect(problems).toEqual([]);
      expect(links).toBeGreaterThan(200);
      expect(anchors.size).toBeGreaterThan(10);
      await page.close();
    },
    LONG,
  );

  it(
    "the route explainer's verdicts for every example equal `portico route --explain --json`",
    async () => {
      const { page, problems } = await watchedPage();
      await page.goto(`${base}route.html`);
      await ready(page);
      const examples = JSON.parse((await page.textContent('#examples')) ?? '[]') as Example[];
      expect(examples.length).toBeGreaterThan(10);
      // One `portico route` run for all: each example's first event, in order.
      const events = examples.map((x) => {
        const value = JSON.parse(x.text) as unknown;
        return Array.isArray(value) ? value[0] : value;
      });
      const cli = await route(JSON.stringify(events));
      expect(cli).toHaveLength(examples.length);
      for (const [i, x] of examples.entries()) {
        await page.evaluate(FORGET_EXPLAINED);
        await page.selectOption('#example', x.id);
        await ready(page);
        const want = cli[i]!.map((v) => ({ rule: v.rule, matches: v.matches, reasons: shownReasons(v) }));
        expect([x.id, await verdictsShown(page)]).toEqual([x.id, want]);
      }
      expect(problems).toEqual([]);
      await page.close();
    },
    LONG,
  );

  it(
    "pasting the walkthrough's legacy event: portico-3rdparty1-prod matches, every other partner says why not",
    async () => {
      const { page, problems } = await watchedPage();
      await page.goto(`${base}route.html`);
      await ready(page);
      await page.fill(
        '#event-text',
        readFileSync(join(repo, 'services/bus/examples/walkthrough-event.json'), 'utf8'),
      );
      await page.evaluate(FORGET_EXPLAINED);
      await page.click('button[type="submit"]');
      await ready(page);
      const partnerRows = (await verdictsShown(page)).filter((v) =>
        /^portico-[a-z0-9]+-(prod|test)$/.test(v.rule),
      );
      expect(partnerRows.length).toBe(14);
      for (const v of partnerRows) {
        if (v.rule === 'portico-3rdparty1-prod')
          expect(v).toEqual({ rule: v.rule, matches: true, reasons: ['branch 2 of 4 matches'] });
        else {
          expect([v.rule, v.matches]).toEqual([v.rule, false]);
          expect(v.reasons.length).toBeGreaterThan(0);
          for (const r of v.reasons) expect(r).toMatch(/^branch \d: detail\.(3rdparty|environment): wanted /);
        }
      }
      await page.fill('#event-text', 'nope');
      await page.evaluate(FORGET_EXPLAINED);
      await page.click('button[type="submit"]');
      await ready(page);
      expect(await page.textContent('#explain-status')).toMatch(/^the event is not JSON: /);
      expect(await page.$$('#verdicts tbody tr')).toHaveLength(0);
      expect(problems).toEqual([]);
      await page.close();
    },
    LONG,
  );

  it(
    'search finds a field by name and leads to it',
    async () => {
      const { page, problems } = await watchedPage();
      await page.goto(`${base}index.html`);
      await page.fill('#search-input', 'request_types');
      const first = page.locator('#search-results a').first();
      expect(await first.textContent()).toBe('detail.request_types');
      await first.click();
      await page.waitForURL(/event-request-created\.html#field-detail-request-types$/);
      expect(await page.locator('#field-detail-request-types').isVisible()).toBe(true);
      await page.fill('#search-input', 'techhub');
      expect(await page.locator('#search-results a', { hasText: 'TechHub' }).count()).toBe(1);
      await page.fill('#search-input', 'postRequestStatus');
      expect(await page.locator('#search-results a').first().textContent()).toBe(
        'POST /requests/{requestId}/status',
      );
      expect(problems).toEqual([]);
      await page.close();
    },
    LONG,
  );

  it(
    'axe-core finds no serious or critical violation on the main pages',
    async () => {
      const { page } = await watchedPage();
      const found: string[] = [];
      for (const file of [
        'index.html',
        'events.html',
        'event-request-created.html',
        'apis.html',
        'api-marketplace-api.html',
        'api-partner-webhook.html',
        'partners.html',
        'partner-techhub.html',
        'flows.html',
        'route.html',
      ]) {
        await page.goto(base + file);
        await ready(page);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate<Array<{ id: string; impact: string; targets: string[] }>>(
          `axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`,
        );
        for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
          found.push(`${file}: ${v.impact} ${v.id} at ${v.targets.join(', ')}`);
        }
      }
      expect(found).toEqual([]);
      await page.close();
    },
    LONG,
  );

  it(
    'opened from a file:// folder, the explainer works the same',
    async () => {
      const { page, problems } = await watchedPage();
      await page.goto(`file://${site}/route.html`);
      await ready(page);
      const rows = await verdictsShown(page);
      expect(rows.filter((v) => v.matches).map((v) => v.rule)).toEqual([
        'portico-3rdparty1-prod',
        'portico-request-store',
      ]);
      expect(problems).toEqual([]);
      await page.close();
    },
    LONG,
  );
});
