// Portico's own benchmark workload: marketplace `request created` events (~1 KB) and partner rules
// shaped like the generated routing rules (catalogue: `$or` of an addressed branch and a filter branch
// on `detail`), at 10, 100, 1,000 and 10,000 rules. Deterministic (mulberry32, seed 7). It differs
// from the shared workload (../shared/bench/make-workload.mjs) on purpose: `$or`, `exists: false`,
// `equals-ignore-case` and `suffix` are exercised too. Its match totals are not fixed numbers; the
// benchmark's `--reference` option checks them against the reference matcher.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RULE_SETS = [10, 100, 1000, 10000] as const;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [
  'books',
  'pens',
  'laptops',
  'phones',
  'chairs',
  'desks',
  'lamps',
  'paper',
  'ink',
  'bags',
  'cables',
  'cameras',
];
const COUNTRIES = ['FR', 'BE', 'DE', 'ES', 'IT', 'NL', 'PT', 'GB', 'US', 'CA'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'];
const STATUSES = ['new', 'in-progress', 'accepted', 'declined'];
const KINDS = ['id-card', 'id-passport', 'bank-proof', 'payslip'];

export interface Workload {
  events: string[];
  rules: Array<[string, object]>;
}

export function makeWorkload(nEvents = 10000, nRules = 10000): Workload {
  const rnd = mulberry32(7);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const partner = (i: number): string => `partner-${String(i).padStart(5, '0')}`;
  const rules: Array<[string, object]> = [];
  for (let i = 0; i < nRules; i++) {
    const filter: Record<string, unknown> = {
      request_types: [pick(TYPES), pick(TYPES)],
      '3rdparty': [{ exists: false }],
    };
    if (i % 5 === 1) filter.amount = [{ numeric: ['>=', int(0, 500), '<', int(600, 5000)] }];
    if (i % 5 === 2) filter.country = [{ 'anything-but': [pick(COUNTRIES), pick(COUNTRIES)] }];
    if (i % 5 === 3) filter.documents = { kind: [{ prefix: 'id-' }], url: [{ suffix: '.pdf' }] };
    if (i % 5 === 4) filter.client_ip = [{ cidr: '10.0.0.0/8' }];
    if (i % 7 === 0) filter.currency = [{ 'equals-ignore-case': pick(CURRENCIES).toLowerCase() }];
    filter.partner_hint = [partner(i)];
    rules.push([
      `portico-${partner(i)}-prod`,
      {
        source: ['com.marketplace.market'],
        'detail-type': ['marketplace requests'],
        detail: { $or: [{ '3rdparty': [partner(i)] }, filter] },
      },
    ]);
  }
  const events: string[] = [];
  for (let e = 0; e < nEvents; e++) {
    const addressed = rnd() < 0.3;
    const hint = int(0, rnd() < 0.9 ? 999 : nRules - 1);
    const detail: Record<string, unknown> = {
      user_id: String(int(100000000, 999999999)),
      request_id: `req-${e}-${int(0, 1e9).toString(36)}`,
      request_status: pick(STATUSES),
      ...(addressed ? { '3rdparty': partner(int(0, rnd() < 0.9 ? 999 : nRules - 1)) } : {}),
      partner_hint: hint % 2 === 0 ? partner(hint) : [partner(hint), partner(int(0, 999))],
      requests1: pick(TYPES),
      request_types: [pick(TYPES), pick(TYPES)],
      country: pick(COUNTRIES),
      amount: rnd() < 0.5 ? int(1, 5000) : int(100, 500000) / 100,
      currency: pick(CURRENCIES),
      client_ip:
        rnd() < 0.3
          ? `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`
          : `${int(11, 200)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
      documents: Array.from({ length: int(0, 3) }, () => {
        const kind = pick(KINDS);
        return {
          kind,
          url: `https://docs.marketplace.example/${kind}/${int(0, 1e9).toString(16)}.${rnd() < 0.8 ? 'pdf' : 'png'}`,
        };
      }),
      environment: rnd() < 0.9 ? 'prod' : 'test',
      notes:
        'please deliver before the end of the month; the customer asked for an invoice with a VAT number. '.repeat(
          int(2, 4),
        ),
    };
    events.push(
      JSON.stringify({
        version: '0',
        id: `${int(0, 2 ** 31).toString(16)}-${e}`,
        'detail-type': 'marketplace requests',
        source: 'com.marketplace.market',
        account: '123456789012',
        time: new Date(Date.UTC(2024, 0, 15) + e * 3000).toISOString(),
        region: 'eu-west-1',
        resources: [],
        detail,
      }),
    );
  }
  return { events, rules };
}

/** Writes events.jsonl and rules-N.json (N = 10 … 10,000) into `outDir`. */
export function writeWorkload(outDir: string): string[] {
  const { events, rules } = makeWorkload();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'events.jsonl'), `${events.join('\n')}\n`);
  const written = [join(outDir, 'events.jsonl')];
  for (const n of RULE_SETS) {
    const lines = rules.slice(0, n).map(([name, p]) => `${JSON.stringify(name)}: ${JSON.stringify(p)}`);
    const file = join(outDir, `rules-${n}.json`);
    writeFileSync(file, `{\n${lines.join(',\n')}\n}\n`);
    written.push(file);
  }
  return written;
}
