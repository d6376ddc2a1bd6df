// The operator's "Done when" in a real browser (Debian's Chromium through playwright-core), against the
// whole local stack on a free port: take a partner down and watch its retries and last error appear,
// bring it back and watch its backlog drain to 0; start a replay of a window from the archives view and
// watch it reach COMPLETED; the rules view lists every bus's rules and targets as the AWS API does, the
// catalogue's marked. Retry timing is stepped through the delivery worker's clock, never slept on: the
// back-off is four minutes, so no retry happens until the test skips the clock past it.
import {
  CreateArchiveCommand,
  DescribeEventBusCommand,
  DescribeReplayCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../delivery/clock.ts';
import { DEFAULT_RETRY_SCHEDULE } from '../delivery/retry-policy.ts';
import { busClient, eventually, startStack, type Stack } from '../marketplace/testing/stack.ts';
import { axeViolations, launchChromium, openPage, putEvents, screenshot } from './testing/browser-session.ts';
import { connectPartner, type DemoPartner } from '../marketplace/testing/demo-partner.ts';
import { when } from './web/fetch-json.ts';

/** The worker's clock: real time plus what the test has skipped. */
class SteppedClock implements Clock {
  private skipped = 0;
  now(): number {
    return Date.now() + this.skipped;
  }
  /** Everything due within `ms` from now is due at once. */
  skip(ms: number): void {
    this.skipped += ms;
  }
}

// Jittered to 2..4 minutes: far beyond any test step, and three of them stay inside techhub's test
// environment's MaximumEventAgeInSeconds (900, catalog/partners/techhub.yaml).
const BACKOFF_MS = 240_000;
const clock = new SteppedClock();

let stack: Stack;
let client: EventBridgeClient;
let browser: Browser;
let techhub: DemoPartner;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    delivery: {
      clock,
      schedule: { ...DEFAULT_RETRY_SCHEDULE, initialDelaysMs: [BACKOFF_MS, BACKOFF_MS, BACKOFF_MS] },
    },
  });
  client = busClient(stack);
  techhub = await connectPartner(stack, 'techhub');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await techhub?.server.close();
  client?.destroy();
  await stack?.close();
});

const open = (path: string): Promise<Page> => openPage(browser, `${stack.url}${path}`, errors);

const request = () => ({
  Source: 'com.marketplace.market',
  DetailType: 'marketplace requests',
  Detail: {
    user_id: 'u-1',
    request_status: 'new',
    request_id: crypto.randomUUID(),
    '3rdparty': 'techhub',
    environment: 'test',
    request_types: ['books'],
  },
});

describe('a partner goes down and comes back', () => {
  it('shows its retries and last error live, then its backlog draining to 0', async () => {
    const page = await open('/');
    await page.getByText('Live: updates').waitFor();
    const row = page.locator('tr.partner-stat[data-partner="techhub/test"]');
    await row.locator('td.state', { hasText: 'idle' }).waitFor();

    techhub.failing = true;
    const ids = await putEvents(stack, [request(), request(), request()]);
    const delivery = (id: string) =>
      page.locator(`tr.event[data-event-id="${id}"] .delivery`, { hasText: 'portico-techhub-test' });
    for (const id of ids) await delivery(id).filter({ hasText: '(1 attempt)' }).waitFor();
    // One delivery's attempts, open while it happens: each new attempt appears in it.
    const watched = delivery(ids[0]!);
    await watched.getByRole('button', { name: 'Attempts' }).click();
    const attempts = watched.locator('tr.attempt');
    await attempts.first().waitFor();
    await row
      .locator('td.state', { hasText: 'retrying: 3 waiting for back-off, 3 failed attempts in a row' })
      .waitFor();
    await row.locator('td.backlog', { hasText: /^3$/ }).waitFor();
    await row.getByText('HTTP_503').waitFor();
    // The next retry shown is the worker's own schedule: the queue's earliest due delivery, ahead.
    const due = stack.runtime.deliveryQueue.nextDueAt()!;
    expect(due).toBeGreaterThan(clock.now());
    expect(await row.locator('td').nth(7).textContent()).toBe(when(due));
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page.locator('section[aria-labelledby="partners-h"]'), 'docs/console-retrying.png');

    // The retries happen when their back-off ends, and fail again while the partner is down.
    clock.skip(BACKOFF_MS);
    for (const id of ids) await delivery(id).filter({ hasText: '(2 attempts)' }).waitFor();
    await row.locator('td.state', { hasText: '6 failed attempts in a row' }).waitFor();
    await attempts.nth(1).waitFor();
    expect(await attempts.allTextContents()).toEqual([
      expect.stringMatching(/^1.*503.*Failing on purpose/s),
      expect.stringMatching(/^2.*503.*Failing on purpose/s),
    ]);
    const failedAtPartner = techhub.server.received.filter(
      (d) => ids.includes(d.eventId) && d.outcome === 'failed-on-purpose',
    );
    expect(failedAtPartner).toHaveLength(6);

    // Back up: the next retries deliver, and the backlog drains.
    techhub.failing = false;
    clock.skip(BACKOFF_MS);
    for (const id of ids) await delivery(id).filter({ hasText: 'succeeded' }).waitFor();
    await row.locator('td.backlog', { hasText: /^0$/ }).waitFor();
    await row.locator('td.state', { hasText: /^ok$/ }).waitFor();
    await attempts.nth(2).waitFor();
    expect(await attempts.nth(2).locator('td').nth(2).textContent()).toBe('200');
    const accepted = await eventually(async () => {
      const got = techhub.server.received.filter((d) => ids.includes(d.eventId) && d.outcome === 'accepted');
      return got.length === 3 ? got : undefined;
    }, 'the three deliveries at the partner');
    expect(new Set(accepted.map((d) => d.eventId))).toEqual(new Set(ids));
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('archives and replays', () => {
  it('starts a replay of a window from the page and shows it COMPLETED, its events marked', async () => {
    const { Arn } = await client.send(new DescribeEventBusCommand({ Name: 'marketplace' }));
    await client.send(
      new CreateArchiveCommand({
        ArchiveName: 'console-e2e',
        EventSourceArn: Arn,
        EventPattern: JSON.stringify({ source: ['console.e2e'] }),
      }),
    );
    const from = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const ids = await putEvents(stack, [
      { Source: 'console.e2e', DetailType: 'audit', Detail: { n: 1 } },
      { Source: 'console.e2e', DetailType: 'audit', Detail: { n: 2 } },
    ]);
    // A window that ends two seconds ahead: the replay sends its events at once, then waits for the
    // window's end before it is COMPLETED, a change the page must see with no event or delivery moving.
    const to = Math.ceil((Date.now() + 1) / 1000) * 1000 + 2000;
    const local = (ms: number) => new Date(ms).toISOString().slice(0, 19); // the page runs in UTC

    const page = await open('/');
    await page.getByText('console-e2e (marketplace): 2 events').waitFor();
    await page.getByRole('combobox', { name: /^Archive/ }).selectOption('console-e2e');
    await page.getByLabel('From', { exact: true }).fill(local(from));
    await page.getByLabel('To', { exact: true }).fill(local(to));
    await page.getByRole('button', { name: 'Start replay' }).click();
    await page.getByText('Replay started.').waitFor();
    const replay = page.locator('tr.replay', { hasText: 'console-e2e' });
    await replay.locator('td.replay-state', { hasText: 'COMPLETED' }).waitFor();
    expect(await replay.locator('progress').getAttribute('value')).toBe('1');

    const name = (await replay.getAttribute('data-replay'))!;
    const described = await client.send(new DescribeReplayCommand({ ReplayName: name }));
    expect([described.State, described.EventStartTime, described.EventEndTime]).toEqual([
      'COMPLETED',
      new Date(from),
      new Date(to),
    ]);
    for (const id of ids)
      await page.locator(`tr.event[data-event-id="${id}"]`, { hasText: `(replay ${name})` }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('rules and targets', () => {
  it('lists every bus’s rules and targets as ListRules and ListTargetsByRule do, the catalogue’s marked', async () => {
    await client.send(
      new PutRuleCommand({
        Name: 'operator-audit',
        EventBusName: 'marketplace',
        EventPattern: JSON.stringify({ source: ['console.audit'] }),
      }),
    );
    const { Arn } = await client.send(new DescribeEventBusCommand({ Name: 'marketplace' }));
    await client.send(
      new PutTargetsCommand({
        Rule: 'operator-audit',
        EventBusName: 'marketplace',
        Targets: [
          {
            Id: 'audit-log',
            Arn: Arn!.replace(/^arn:aws:events:/, 'arn:aws:sqs:').replace(/event-bus\/.*/, 'audit'),
          },
        ],
      }),
    );
    const want: [string, string, string, string[]][] = [];
    const { EventBuses } = await client.send(new ListEventBusesCommand({}));
    for (const bus of EventBuses ?? []) {
      let token: string | undefined;
      do {
        const page = await client.send(new ListRulesCommand({ EventBusName: bus.Name, NextToken: token }));
        for (const rule of page.Rules ?? []) {
          const { Targets } = await client.send(
            new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: bus.Name }),
          );
          want.push([
            bus.Name!,
            rule.Name!,
            rule.ManagedBy === 'portico.catalog' ? 'catalogue' : 'API',
            (Targets ?? []).map((t) => t.Id!),
          ]);
        }
        token = page.NextToken;
      } while (token);
    }
    expect(want).toContainEqual(['marketplace', 'operator-audit', 'API', ['audit-log']]);
    expect(want.filter((r) => r[2] === 'catalogue').length).toBeGreaterThan(0);

    const page = await open('/');
    const rows = page.locator('tr.rule');
    await page.locator('tr.rule[data-rule="operator-audit"]').waitFor();
    const got = await rows.evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-bus'),
        tr.getAttribute('data-rule'),
        tr.querySelector('.managed')?.textContent?.startsWith('catalogue') ? 'catalogue' : 'API',
        [...tr.querySelectorAll('.target')].map((t) => t.getAttribute('data-target-id')),
      ]),
    );
    const order = (rs: unknown[][]) => rs.map((r) => JSON.stringify(r)).sort();
    expect(order(got)).toEqual(order(want));
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('left no error in any page’s console', () => {
    expect(errors).toEqual([]);
  });
});
