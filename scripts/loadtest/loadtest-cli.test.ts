// The smoke run through the real CLI: a few seconds of the mixed scenario against the in-process
// local stack with partner sinks and the marketplace services (the load generator in a worker thread).
// Asserts what a load test proves besides speed (every event accepted and routed to exactly its
// partners, partners' statuses recorded and routed to the consumers) and that the exit code follows
// the thresholds; no timing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from './summary.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function portico(args: string[]) {
  return spawnSync(process.execPath, ['scripts/bin/portico.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 90_000,
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
      '--runner',
      'node',
      '--json',
    ]);
    const summary = JSON.parse(run.stdout) as RunSummary;
    expect(summary.totals.events).toBeGreaterThan(0);
    expect(summary.totals.errors).toBe(0);
    expect(summary.endToEnd).toMatchObject({ lost: 0, misrouted: 0 });
    expect(summary.endToEnd!.expectedDeliveries).toBeGreaterThan(0);
    const partners = summary.parts.find((p) => p.part === 'partners');
    expect(partners?.journeys?.polls).toBeGreaterThan(0);
    expect(summary.statusRouting).toMatchObject({ notRecorded: 0, failed: 0 });
    expect(summary.skipped).toEqual([]);
    expect(run.status).toBe(summary.passed ? 0 : 1);
  });

  it.each([
    [
      'an unknown scenario',
      ['--scenario', 'nope'],
      /no scenario `nope`; there are: ingest, marketplace-api, day-in-the-marketplace/,
    ],
    ['a bad rate', ['--rate', '-3'], /--rate -3: expected a positive number/],
  ])('refuses %s with exit 2', (_, args, message) => {
    const run = portico(['loadtest', '--runner', 'node', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
