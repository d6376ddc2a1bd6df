// What the console's browser tests share: Debian's Chromium through playwright-core, pages that
// collect console errors, axe-core, and the walkthrough's event put as
// the AWS protocol carries it (a demo partner on a test environment: marketplace/testing/demo-partner.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { Stack } from '../../marketplace/testing/stack.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Opens `path` in a fresh page (UTC, so that datetime-local fields mean what the test types), accepting
 * confirmations and noting every console error and uncaught exception in `errors`.
 */
export async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ timezoneId: 'UTC' });
  const path = new URL(url).pathname;
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${path}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  page.on('dialog', (d) => void d.accept());
  await page.goto(url);
  return page;
}

/** axe-core's serious and critical violations on the page as it stands. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Through the DevTools protocol: the pages' Content-Security-Policy refuses inline scripts.
  await page.evaluate(axeSource);
  const result = (await page.evaluate('axe.run().then((r) => r.violations)')) as {
    id: string;
    impact: string;
  }[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

/** The README's screenshots, refreshed on demand only: `PORTICO_SCREENSHOTS=1 npx vitest run services/console`. */
export async function screenshot(what: Page | Locator, path: string): Promise<void> {
  if (process.env.PORTICO_SCREENSHOTS !== '1') return;
  if ('goto' in what) {
    await what.evaluate('window.scrollTo(0, 0)');
    await what.screenshot({ path, clip: { x: 0, y: 0, width: 1280, height: 720 } });
  } else await what.screenshot({ path });
}

/** PutEvents over the bus's AWS protocol; answers the event ids. */
export async function putEvents(
  stack: Stack,
  entries: { Source: string; DetailType: string; Detail: unknown; EventBusName?: string }[],
): Promise<string[]> {
  const res = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
    body: JSON.stringify({
      Entries: entries.map((e) => ({
        EventBusName: 'marketplace',
        ...e,
        Detail: JSON.stringify(e.Detail),
      })),
    }),
  });
  const body = (await res.json()) as { Entries: { EventId?: string; ErrorCode?: string }[] };
  return body.Entries.map((e) => {
    if (!e.EventId) throw new Error(`PutEvents refused an entry: ${e.ErrorCode ?? 'no id'}`);
    return e.EventId;
  });
}

/** The walkthrough's request, addressed to `partner`'s test environment; answers its event id. */
export async function putRequest(stack: Stack, partner: string): Promise<string> {
  const [id] = await putEvents(stack, [
    {
      Source: 'com.marketplace.market',
      DetailType: 'marketplace requests',
      Detail: {
        user_id: 'u-1',
        request_status: 'new',
        request_id: crypto.randomUUID(),
        '3rdparty': partner,
        environment: 'test',
        request_types: ['books'],
      },
    },
  ]);
  return id!;
}
