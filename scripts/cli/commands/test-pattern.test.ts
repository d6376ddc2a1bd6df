// `portico test-pattern` and `portico bench-patterns` through the real binary, as a user runs them.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/portico.mjs', import.meta.url).pathname;

async function portico(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'portico-pattern-'));
const pattern = '{"source":["com.marketplace.market"],"detail":{"amount":[{"numeric":[">",100]}]}}';

describe('portico test-pattern', () => {
  it.each([
    [
      'a matching event',
      {
        event: '{"source":"com.marketplace.market","detail":{"amount":300.0}}',
        want: { code: 0, stdout: 'match\n' },
      },
    ],
    [
      'a non-matching event',
      {
        event: '{"source":"com.marketplace.market","detail":{"amount":"300"}}',
        want: { code: 1, stdout: 'nomatch\n' },
      },
    ],
  ])('%s', async (_name, { event, want }) => {
    expect(await portico('test-pattern', '--pattern', pattern, '--event', event)).toEqual(want);
  });

  it('prints AWS message and exits 2 for an invalid pattern (from a file)', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"detail":{"state":[{"NUMERIC":["=",5]}]}}');
    expect(await portico('test-pattern', '--pattern', file, '--event', '{}')).toEqual({
      code: 2,
      stdout: 'Event pattern is not valid. Reason: Unrecognized match type NUMERIC\n',
    });
  });

  it('answers a batch, one line per input, in order', async () => {
    const file = join(dir, 'batch.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ pattern: { a: [1] }, event: { a: 1.0 } }),
        JSON.stringify({ pattern: '{"x":["y"],"x":["z"]}', event: '{"x":"y"}' }),
        JSON.stringify({ pattern: '{"bad": ', event: {} }),
      ].join('\n'),
    );
    const { code, stdout } = await portico('test-pattern', '--batch', file);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { result: string; error?: string });
    expect(lines.map((l) => l.result)).toEqual(['match', 'nomatch', 'invalid']);
    expect(lines[2]?.error).toMatch(/^Event pattern is not valid\. Reason: /);
  });

  it('checks a folder of events against one pattern', async () => {
    const events = join(dir, 'events');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(events);
    writeFileSync(join(events, 'a.json'), '{"source":"com.marketplace.market","detail":{"amount":150}}');
    writeFileSync(join(events, 'b.json'), '{"source":"elsewhere","detail":{"amount":150}}');
    expect(await portico('test-pattern', '--pattern', pattern, '--events', events)).toEqual({
      code: 0,
      stdout: 'a.json\tmatch\nb.json\tnomatch\n',
    });
  });
});

describe('portico bench-patterns', () => {
  it('ends with the events/s and match total line', async () => {
    const rules = join(dir, 'rules.json');
    const events = join(dir, 'events.jsonl');
    writeFileSync(
      rules,
      JSON.stringify({
        big: { detail: { amount: [{ numeric: ['>', 100] }] } },
        any: { source: [{ prefix: '' }] },
      }),
    );
    writeFileSync(
      events,
      ['{"source":"s","detail":{"amount":150}}', '{"source":"s","detail":{"amount":50}}'].join('\n'),
    );
    const { code, stdout } = await portico(
      'bench-patterns',
      '--rules',
      rules,
      '--events',
      events,
      '--rounds',
      '1',
      '--reference',
      '2',
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^events\/s: \d+ {2}matches: 3$/);
    expect(stdout).toMatch(/JSON\.parse: \d+ events\/s/);
    expect(stdout).toMatch(/reference loop: .* \(matches 3, machine 3\)/);
  });
});
