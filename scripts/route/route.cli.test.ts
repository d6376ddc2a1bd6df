// `portico route` through the real binary, as an architect runs it: the walkthrough's legacy event,
// JSON agreeing with the routing rule read plainly (routes-to.ts, the generator's own oracle),
// standard input, and bad input answered with what and where.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { catalogModel } from '../../generated/catalog-model.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { routesTo } from '../generate/routes-to.ts';

const repo = new URL('../../', import.meta.url).pathname;
const bin = join(repo, 'scripts/bin/portico.mjs');
const walkthrough = join(repo, 'services/bus/examples/walkthrough-event.json');

function portico(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repo, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

interface JsonVerdict {
  rule: string;
  kind: string;
  partner?: string;
  environment?: 'prod' | 'test';
  matches: boolean;
  branches?: Array<{ matches: boolean; miss?: { field: string; text: string } }>;
}

const dir = mkdtempSync(join(tmpdir(), 'portico-route-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// Each case spawns the CLI: ceilings for a busy 2-core machine, not timing assumptions.
vi.setConfig({ testTimeout: 300_000 });

describe('portico route', () => {
  it("the walkthrough's legacy event: portico-3rdparty1-prod matches, every other partner rule says why not", async () => {
    const { code, stdout } = await portico(['route', '--event', walkthrough, '--explain']);
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((l) => l.startsWith('portico-'));
    const partnerRows = rows.filter((l) => catalogModel.rules.some((r) => l.startsWith(`${r.name} `)));
    expect(partnerRows).toHaveLength(catalogModel.rules.length);
    for (const row of partnerRows) {
      if (row.startsWith('portico-3rdparty1-prod ')) expect(row).toMatch(/ match +branch 2 of 4 matches$/);
      else expect(row).toMatch(/ no match +branch 1: detail\.(3rdparty|environment): wanted /);
    }
    expect(stdout).toContain('detail.3rdparty: wanted "techhub", had "3rdparty1"');
  });

  it('--json --explain agrees with the routing rule read from each partner file, for every catalogue example', async () => {
    const { catalogue } = await loadCatalog('catalog', repo);
    const requests = catalogue.events.find((e) => e.detailType === 'marketplace requests')!;
    const examples = (
      (
        (await import('yaml')).parse(readFileSync(join(repo, 'catalog/asyncapi.yaml'), 'utf8')) as {
          components: {
            messages: Record<string, { examples?: Array<{ payload: Record<string, unknown> }> }>;
          };
        }
      ).components.messages[requests.name]?.examples ?? []
    ).map((e) => e.payload);
    expect(examples.length).toBeGreaterThan(0);
    const events = examples.map((detail) => ({
      source: requests.source,
      'detail-type': requests.detailType,
      detail,
    }));
    const { code, stdout } = await portico(
      ['route', '--event', '-', '--json', '--explain'],
      JSON.stringify(events),
    );
    expect(code).toBe(0);
    const routed = (JSON.parse(stdout) as { events: Array<{ rules: JsonVerdict[] }> }).events;
    expect(routed).toHaveLength(examples.length);
    routed.forEach(({ rules: verdicts }, i) => {
      const detail = examples[i]!;
      for (const v of verdicts.filter((x) => x.kind === 'partner')) {
        const partner = catalogue.partners.find((p) => p.declaration.id === v.partner)!.declaration;
        expect([v.rule, v.matches]).toEqual([v.rule, routesTo(partner, v.environment!, detail)]);
        expect(v.branches!.some((b) => b.matches)).toBe(v.matches);
        for (const b of v.branches!)
          expect(b.matches || b.miss!.text.startsWith(`${b.miss!.field}: `)).toBe(true);
      }
      expect(verdicts.find((x) => x.rule === 'portico-request-store')?.matches).toBe(true);
    });
  });

  it.each([
    ['not JSON', 'nope', 2, /^the event is not JSON: /],
    [
      'an entry whose Detail is not JSON',
      '[{"Source":"s","DetailType":"d","Detail":"{"}]',
      2,
      /^entry 1: Detail is not JSON: /,
    ],
    ['an entry without Source', '{"DetailType":"d","Detail":"{}"}', 2, /^event: Source must be a string$/],
    [
      'an event without detail',
      '{"source":"s","detail-type":"d"}',
      2,
      /^event: an event needs "source" and "detail-type" strings and a "detail" object/,
    ],
    ['an empty list', '[]', 2, /^the list of entries is empty$/],
    ['an event no rule matches', '{"source":"elsewhere","detail-type":"d","detail":{}}', 1, /^$/],
  ] as const)('%s', async (_name, input, want, message) => {
    const { code, stderr, stdout } = await portico(['route', '--event', file('in.json', input)]);
    expect(code).toBe(want);
    expect(stderr.trim()).toMatch(message);
    if (want === 1) expect(stdout).toMatch(/^elsewhere \/ d: 0 of \d+ rules match$/m);
  });

  it('a missing file: exit 2 naming it', async () => {
    const { code, stderr } = await portico(['route', '--event', join(dir, 'absent.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--event ${join(dir, 'absent.json')}: ENOENT`);
  });
});
