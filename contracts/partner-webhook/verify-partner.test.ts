// `portico verify-partner` as a partner runs it: the real CLI binary, against the reference
// partner (passes) and one broken partner per fault (fails, saying why in a partner's words).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPartner, type PartnerFault, type RunningPartner } from '../partners/reference-partner.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const SECRET = `whsec_${Buffer.from('verify-partner test secret 0123').toString('base64')}`;

async function portico(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('node', ['scripts/bin/portico.mjs', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const cases: [PartnerFault, { code: number; says: string[] }][] = [
  ['none', { code: 0, says: ['OK: all 4 interactions pass'] }],
  ['wrong-status', { code: 1, says: ['answered 400 to a correctly signed request', 'FAILED: 3 of 4'] }],
  ['missing-field', { code: 1, says: ['missing the following keys: received', '{"received": true}'] }],
  [
    'no-signature-check',
    {
      code: 1,
      says: ['accepted a request whose webhook-signature was made with another secret', 'FAILED: 1 of 4'],
    },
  ],
];

describe('portico verify-partner', () => {
  const partners = new Map<PartnerFault, RunningPartner>();
  beforeAll(async () => {
    for (const [fault] of cases) partners.set(fault, await startPartner({ secret: SECRET, fault }));
  });
  afterAll(async () => {
    for (const p of partners.values()) await p.close();
  });

  it.each(cases)('partner with fault %s', async (fault, want) => {
    const partner = partners.get(fault) as RunningPartner;
    const { code, out } = await portico(['verify-partner', '--base-url', partner.url, '--secret', SECRET]);
    expect(code, out).toBe(want.code);
    for (const s of want.says) expect(out).toContain(s);
    // Every correctly signed request reached the partner with a body it could read.
    if (fault === 'none') expect(partner.received).toHaveLength(3);
  });

  it('refuses to run without a secret, and says how to give one', async () => {
    const { code, out } = await portico(['verify-partner', '--base-url', 'http://127.0.0.1:9/'], {
      PORTICO_WEBHOOK_SECRET: '',
    });
    expect(code).toBe(2);
    expect(out).toContain('--secret whsec_');
  });

  it('names an endpoint it cannot reach', async () => {
    const partner = await startPartner({ secret: SECRET });
    await partner.close();
    const { code, out } = await portico(['verify-partner', '--base-url', partner.url], {
      PORTICO_WEBHOOK_SECRET: SECRET,
    });
    expect(code).toBe(1);
    expect(out).toContain('Could not reach your endpoint: connect ECONNREFUSED');
  });
});
