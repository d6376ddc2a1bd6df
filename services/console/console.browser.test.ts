// The console and the partner's page in a real browser (Debian's Chromium through playwright-core),
// against the whole local stack on a free port with partners on free ports: a put event and its
// delivery appear live, a failing partner's attempts and reason show, a dead letter is redriven from
// the page and arrives, a partner sees its own deliveries and resends one; no console errors, and
// axe-core finds no serious or critical violation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startStack, type Stack } from '../marketplace/testing/stack.ts';
import {
  axeViolations,
  launchChromium,
  openPage,
  putRequest as put,
  screenshot,
} from './testing/browser-session.ts';
import { connectPartner, type DemoPartner } from '../marketplace/testing/demo-partner.ts';

let stack: Stack;
let browser: Browser;
const errors: string[] = [];
const partners: Record<string, DemoPartner> = {};

beforeAll(async () => {
  stack = await startStack();
  // officenest fails until the test heals it: its test rule has no retry, so it dead-letters.
  partners.techhub = await connectPartner(stack, 'techhub');
  partners.officenest = await connectPartner(stack, 'officenest', true);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  for (const p of Object.values(partners)) await p.server.close();
  await stack?.close();
});

const open = (path: string): Promise<Page> => openPage(browser, `${stack.url}${path}`, errors);
const putRequest = (partner: string) => put(stack, partner);

describe('the console at GET /', () => {
  it('keeps the AWS protocol for API clients at the same address', async () => {
    const res = await fetch(stack.url, { method: 'GET' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
  });

  it('shows a put event and its delivery live, a failing partner’s attempts, and redrives a dead letter', async () => {
    const page = await open('/');
    await page.getByText('Live: updates').waitFor();
    const eventId = await putRequest('techhub');
    const row = page.locator(`tr.event[data-event-id="${eventId}"]`);
    await row
      .locator('.delivery', { hasText: 'portico-techhub-test' })
      .filter({ hasText: 'succeeded' })
      .waitFor();

    const failing = await putRequest('officenest');
    const failRow = page.locator(`tr.event[data-event-id="${failing}"]`);
    const failed = failRow.locator('.delivery', { hasText: 'portico-officenest-test' });
    await failed.filter({ hasText: 'dead-lettered' }).waitFor();
    await failed.getByRole('button', { name: 'Attempts' }).click();
    const attempt = failed.locator('tr.attempt').first();
    await attempt.waitFor();
    expect(await attempt.textContent()).toMatch(/503.*Failing on purpose/s);
    await page.locator('tr.partner-stat[data-partner="officenest/test"]', { hasText: 'HTTP_503' }).waitFor();

    partners.officenest!.failing = false;
    const before = partners.officenest!.server.received.length;
    await page.locator('tr.dead-letter').first().getByRole('button', { name: 'Redrive' }).click();
    const redriven = await eventually(
      async () =>
        partners
          .officenest!.server.received.slice(before)
          .find((d) => d.eventId === failing && d.outcome === 'accepted'),
      'the redriven delivery at the partner',
    );
    expect(redriven.outcome).toBe('accepted');
    await failed.filter({ hasText: 'succeeded' }).waitFor();
    await screenshot(page, 'docs/console.png');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('the partner’s page at /partner/', () => {
  it('signs in with a test key, shows only its own deliveries, resends one and sends a test event', async () => {
    const techhub = partners.techhub!.server;
    const eventId = await putRequest('techhub');
    await eventually(async () => techhub.received.find((d) => d.eventId === eventId), 'the delivery');
    const otherId = await putRequest('officenest');
    const page = await open('/partner/');
    await page.getByLabel('API key').fill(stack.key('techhub'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('TechHub (techhub) · test').waitFor();
    const rows = page.locator('tr.partner-delivery');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    // The officenest event and any prod delivery are not this key's to see.
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-delivery-id')));
    const own = await stack.http('GET', '/api/partner/deliveries?limit=100', { key: stack.key('techhub') });
    expect(new Set(ids)).toEqual(
      new Set((own.body?.['items'] as { id: string }[]).map((d) => d.id).slice(0, ids.length)),
    );
    expect(texts.join(' ')).not.toContain(otherId);

    const first = rows.filter({ hasText: 'succeeded' }).first();
    const deliveryId = await first.getAttribute('data-delivery-id');
    const count = techhub.received.length;
    await first.getByRole('button', { name: `Resend ${deliveryId}` }).click();
    await page.getByText(`Resend ${deliveryId}: done`).waitFor();
    const resent = await eventually(async () => techhub.received.slice(count)[0], 'the resent delivery');
    expect(resent.outcome).toBe('accepted');

    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.getByText('Test event: done').waitFor();
    const test = await eventually(
      async () => techhub.received.slice(count + 1).find((d) => d.detail['3rdparty'] === 'techhub'),
      'the test event',
    );
    expect(test.outcome).toBe('accepted');
    await screenshot(page, 'docs/partner-view.png');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('left no error in any page’s console', () => {
    expect(errors).toEqual([]);
  });
});
