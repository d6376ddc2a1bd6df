// The diff corpus: one small before/after catalogue pair a rule (fixtures/cases.yaml), made by
// editing copies of fixtures/base, each with every change it must report (id, level, path) and the
// impact lines it must name. Every rule of rules.ts has a case.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadSide, type Side } from './load-side.ts';
import { RULES } from './rules.ts';
import { compare } from './run-diff.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Edit {
  file: string;
  at: (string | number)[];
  set?: unknown;
  delete?: true;
}
interface Case {
  rule: string;
  before?: Edit[];
  after: Edit[];
  want: { id: string; level: string; path: string; impact?: string[] }[];
  exit?: number;
}

const cases = parse(readFileSync(join(fixtures, 'cases.yaml'), 'utf8')) as Case[];

function apply(root: string, edits: readonly Edit[]): void {
  for (const e of edits) {
    const path = join(root, e.file);
    const json = e.file.endsWith('.json');
    if (e.delete && e.at.length === 0) {
      rmSync(path);
      continue;
    }
    let data: unknown;
    try {
      data = json ? JSON.parse(readFileSync(path, 'utf8')) : parse(readFileSync(path, 'utf8'));
    } catch {
      data = {};
    }
    if (e.at.length === 0) data = e.set;
    else {
      let node = data as Record<string | number, unknown>;
      for (const seg of e.at.slice(0, -1)) {
        if (node[seg] === undefined || node[seg] === null) node[seg] = {};
        node = node[seg] as Record<string | number, unknown>;
      }
      const last = e.at[e.at.length - 1] as string | number;
      if (e.delete) {
        if (Array.isArray(node)) node.splice(Number(last), 1);
        else delete node[last];
      } else node[last] = e.set;
    }
    writeFileSync(path, json ? JSON.stringify(data, null, 2) : stringify(data));
  }
}

let scratch: string;
let shared: Side;
const disposals: (() => void)[] = [];

async function sideOf(name: string, edits: readonly Edit[]): Promise<Side> {
  const dir = join(scratch, name);
  cpSync(join(fixtures, 'base'), dir, { recursive: true });
  apply(dir, edits);
  const { side, dispose } = await loadSide(dir, scratch);
  disposals.push(dispose);
  return side;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'portico-diff-corpus-'));
  shared = await sideOf('base', []);
});
afterAll(() => {
  for (const d of disposals) d();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the diff corpus', () => {
  it('has a case for every rule', () => {
    const covered = new Set(cases.flatMap((c) => c.want.map((w) => w.id)));
    expect(Object.keys(RULES).filter((id) => !covered.has(id))).toEqual([]);
    expect(cases.map((c) => c.rule).filter((r) => !(r in RULES))).toEqual([]);
  });

  it.each(cases.map((c, i) => [c.rule, c, i] as const))('%s', { timeout: 120_000 }, async (_rule, c, i) => {
    const base = c.before ? await sideOf(`before-${i}`, c.before) : shared;
    const head = await sideOf(`after-${i}`, c.after);
    expect(head.problems.filter((p) => p.severity === 'error' && p.file.includes('acknowledged'))).toEqual(
      [],
    );
    const report = await compare(base, head, 'breaking', () => {});
    const got = report.changes.map((ch) => ({ id: ch.id, level: ch.level, path: ch.path }));
    const want = c.want.map(({ id, level, path }) => ({ id, level, path }));
    const key = (x: { id: string; path: string }) => `${x.id} ${x.path}`;
    expect([...got].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...want].sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect(
      report.changes.find((ch) => ch.id === c.rule),
      `the case's own rule ${c.rule}`,
    ).toBeDefined();
    for (const w of c.want) {
      const change = report.changes.find((ch) => ch.id === w.id && ch.path === w.path);
      for (const line of w.impact ?? []) expect(change?.impact.join('\n')).toContain(line);
    }
    expect(report.exitCode).toBe(c.exit ?? (c.want.some((w) => w.level === 'breaking') ? 1 : 0));
  });
});
