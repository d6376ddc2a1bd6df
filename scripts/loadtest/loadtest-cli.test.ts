// The smoke run through the real CLI: a few seconds of the mixed scenario against the in-process
// local stack with the marketplace services (the load generator and partner sinks in a load process).
// Asserts what a load test proves besides speed (every event accepted and routed to exactly its
// partners, partners' statuses recorded and routed to the consumers) and that the exit code follows
// the thresholds; no timing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuText, type RunSummary } from './summary.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function portico(args: string[], timeout = 90_000) {
  return spawnSync(process.execPath, ['scripts/bin/portico.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout,
  });
}

describe('portico loadtest', () => {
  it('runs a bounded smoke of the mixed scenario and checks the routing both ways', () => {
    const run = portico([
      'loadtest',
      '--scenario',
      'day-in-the-marketplace',
      '--duration',
      '3s',
      '--rate',
      '40',
      '--warm-up',
      '1s',
      '--runner',
      'node',
      '--json',
    ]);
    const summary = JSON.parse(run.stdout) as RunSummary;
    // A warm-up at half the rate first, reported apart; its events are in the routing check, its
    // deliveries' times are not in the percentiles.
    expect(summary.warmUp).toMatchObject({ durationS: expect.any(Number), rateShare: 0.5, errors: 0 });
    expect(summary.warmUp!.events).toBeGreaterThan(0);
    const users = summary.parts.find((p) => p.part === 'users')!;
    expect(summary.endToEnd!.events).toBeGreaterThan(users.events);
    expect(summary.endToEnd!.timed).toBeLessThan(summary.endToEnd!.received);
    expect(summary.totals.events).toBeGreaterThan(0);
    expect(summary.totals.errors).toBe(0);
    expect(summary.endToEnd).toMatchObject({ lost: 0, misrouted: 0 });
    expect(summary.endToEnd!.expectedDeliveries).toBeGreaterThan(0);
    const partners = summary.parts.find((p) => p.part === 'partners');
    expect(partners?.journeys?.polls).toBeGreaterThan(0);
    expect(summary.statusRouting).toMatchObject({ notRecorded: 0, failed: 0 });
    expect(summary.skipped).toEqual([]);
    // Every thread's event-loop utilisation, the API's own thread among them, and the peak RSS.
    expect(summary.threads?.map((t) => t.thread)).toEqual([
      'bus, delivery, consumers (main)',
      'Marketplace API',
      'partner sinks',
      'load runner',
    ]);
    for (const t of summary.threads ?? []) expect(t.utilisation).toBeGreaterThan(0);
    for (const t of summary.threads ?? []) expect(t.utilisation).toBeLessThanOrEqual(1);
    expect(summary.loadProcessPeakRssMb).toBeGreaterThan(0);
    expect(summary.stackPeakRssMb).toBeGreaterThan(0);
    // Each process's CPU over the run, printed in cores with the stack's CPU per event.
    expect(summary.cpu?.stackSeconds).toBeGreaterThan(0);
    expect(summary.cpu?.loadProcessSeconds).toBeGreaterThan(0);
    expect(cpuText(summary)).toMatch(
      /^local stack process \d+\.\d\d cores \(\d+\.\d{3} CPU-ms per event\), load process \d+\.\d\d cores$/,
    );
    expect(run.status).toBe(summary.passed ? 0 : 1);
  });

  it('finds a ceiling: steps the rate up until a threshold fails, two short steps at most', () => {
    const run = portico(
      [
        'loadtest',
        '--find-ceiling',
        '--ceiling-start',
        '20',
        '--ceiling-step',
        '20',
        '--ceiling-max',
        '40',
        '--step-duration',
        '2s',
        '--warm-up',
        '0s',
        '--runner',
        'node',
        '--json',
      ],
      240_000,
    );
    const result = JSON.parse(run.stdout) as {
      steps: { rate: number; passed: boolean; measured: { eventsPerSecond: number } }[];
      ceiling?: { rate: number };
      firstFailure?: { rate: number };
    };
    // Which rates pass depends on the machine; how the steps follow each other does not.
    const rates = result.steps.map((s) => s.rate);
    expect([[20], [20, 40]]).toContainEqual(rates);
    expect(result.steps.slice(0, -1).every((s) => s.passed)).toBe(true);
    for (const s of result.steps) expect(s.measured.eventsPerSecond).toBeGreaterThan(0);
    expect(result.ceiling?.rate).toBe(result.steps.filter((s) => s.passed).at(-1)?.rate);
    expect(result.firstFailure?.rate).toBe(result.steps.find((s) => !s.passed)?.rate);
    expect(run.status).toBe(result.ceiling ? 0 : 1);
  }, 300_000);

  it.each([
    [
      'an unknown scenario',
      ['--scenario', 'nope'],
      /no scenario `nope`; there are: ingest, marketplace-api, day-in-the-marketplace/,
    ],
    ['a bad rate', ['--rate', '-3'], /--rate -3: expected a positive number/],
    [
      'a ceiling step of 0',
      ['--find-ceiling', '--ceiling-step', '0'],
      /--find-ceiling: step 0: expected a positive rate/,
    ],
    [
      'a ceiling with a rate',
      ['--find-ceiling', '--rate', '100'],
      /--find-ceiling chooses the rate and duration itself/,
    ],
    ['a bad step duration', ['--find-ceiling', '--step-duration', '3x'], /--step-duration: duration `3x`/],
    ['a bad warm-up', ['--warm-up', 'soon'], /--warm-up: duration `soon`/],
    ['a bad warm-up of a ceiling', ['--find-ceiling', '--warm-up', '1x'], /--warm-up: duration `1x`/],
  ])('refuses %s with exit 2', (_, args, message) => {
    const run = portico(['loadtest', '--runner', 'node', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
