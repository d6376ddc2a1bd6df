// Attacks on the provider-state endpoint, which mints API keys: off unless the stack is started
// with it (dev and test), loopback clients with a loopback Host only, JSON only, bad input a clear
// 4xx, and absent from everything that runs on AWS (the Lambda bundle, the SAM template).
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_STATE, REQUESTS_STATE, SIGNED_STATE } from './provider-state-names.ts';
import { PROVIDER_STATES_PATH } from './provider-states.ts';
import { startStack, type Stack } from './testing/stack.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface Call {
  body?: string;
  headers?: Record<string, string>;
  localAddress?: string;
  method?: string;
  query?: string;
}

/** A raw HTTP call (Host and source address are the attacker's to choose). */
function call(stack: Stack, init: Call): Promise<{ status: number; text: string }> {
  const { port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: init.method ?? 'POST',
        path: `${PROVIDER_STATES_PATH}${init.query ?? ''}`,
        headers: { 'content-type': 'application/json', ...init.headers },
        ...(init.localAddress ? { localAddress: init.localAddress } : {}),
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const freshKey = () => `pk_attack_${crypto.randomUUID().replaceAll('-', '')}`;
const mint = (key: string) =>
  JSON.stringify({
    state: PARTNER_STATE,
    action: 'setup',
    params: { partner_id: 'techhub', environment: 'prod', api_key: key },
  });

/** This machine's first non-loopback IPv4 address: a client "from the network" on one machine. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

let off: Stack;
let on: Stack;

beforeAll(async () => {
  [off, on] = await Promise.all([startStack(), startStack({ providerStates: true })]);
});

afterAll(async () => {
  await Promise.all([off?.close(), on?.close()]);
});

describe('provider-state endpoint, refused', () => {
  // Off: the path is the bus's own inspection API's, which serves nothing there.
  const cases: [string, { stack: () => Stack; init: Call; status: number | '4xx'; says: RegExp }][] = [
    ['on a stack started without it', { stack: () => off, init: {}, status: '4xx', says: /./ }],
    [
      'with a Host that is not loopback (DNS rebinding)',
      { stack: () => on, init: { headers: { host: 'evil.example' } }, status: 403, says: /loopback/ },
    ],
    [
      'as text/plain (a cross-site form or fetch without preflight)',
      { stack: () => on, init: { headers: { 'content-type': 'text/plain' } }, status: 415, says: /json/ },
    ],
    ['with GET', { stack: () => on, init: { method: 'GET' }, status: 405, says: /only POST/ }],
  ];

  it.each(cases)('%s: no key is made', async (_name, { stack, init, status, says }) => {
    const key = freshKey();
    const res = await call(stack(), { body: mint(key), ...init });
    if (status === '4xx') expect(Math.floor(res.status / 100)).toBe(4);
    else expect(res.status).toBe(status);
    expect(res.text).toMatch(says);
    expect((await on.http('GET', '/api/partner', { key })).status).toBe(401);
    expect((await off.http('GET', '/api/partner', { key })).status).toBe(401);
  });

  it.skipIf(external === undefined)(`from ${external ?? 'a non-loopback address'}: 403`, async () => {
    const key = freshKey();
    const res = await call(on, { body: mint(key), localAddress: external as string });
    expect(res.status).toBe(403);
    expect((await on.http('GET', '/api/partner', { key })).status).toBe(401);
  });
});

describe('provider-state endpoint, bad input: a 4xx that says what and where', () => {
  const cases: [string, { body: string; query?: string; status: number; says: RegExp }][] = [
    ['not JSON', { body: '{', status: 400, says: /not JSON/ }],
    ['an array', { body: '[]', status: 400, says: /JSON object/ }],
    [
      'an unknown state',
      { body: '{"state":"world peace"}', status: 400, says: /Unknown provider state "world peace"/ },
    ],
    [
      'a bad action',
      { body: JSON.stringify({ state: PARTNER_STATE, action: 'x' }), status: 400, says: /action/ },
    ],
    [
      'an unknown partner',
      {
        body: JSON.stringify({
          state: PARTNER_STATE,
          params: { partner_id: 'nobody', environment: 'prod', api_key: freshKey() },
        }),
        status: 400,
        says: /params.partner_id: no partner "nobody"/,
      },
    ],
    [
      'an environment that does not exist',
      {
        body: JSON.stringify({
          state: PARTNER_STATE,
          params: { partner_id: 'techhub', environment: 'staging', api_key: freshKey() },
        }),
        status: 400,
        says: /params.environment must be "prod" or "test"/,
      },
    ],
    [
      'a key that is not a key',
      {
        body: JSON.stringify({
          state: PARTNER_STATE,
          params: { partner_id: 'techhub', environment: 'prod', api_key: 'x' },
        }),
        status: 400,
        says: /params.api_key/,
      },
    ],
    [
      'too many requests',
      {
        body: JSON.stringify({
          state: REQUESTS_STATE,
          params: { partner_id: 'techhub', environment: 'prod', count: 1e9 },
        }),
        status: 400,
        says: /params.count/,
      },
    ],
    [
      'a signature without saying for whom',
      {
        body: JSON.stringify({ state: SIGNED_STATE, params: { body: '{}' } }),
        status: 400,
        says: /query parameter partner/,
      },
    ],
    [
      'a signature for a partner that polls',
      {
        body: JSON.stringify({ state: SIGNED_STATE, params: { body: '{}' } }),
        query: '?partner=ledgerline&environment=test',
        status: 400,
        says: /ledgerline has no webhook secret in test/,
      },
    ],
    [
      'a body over 256 KiB',
      { body: JSON.stringify({ state: 'x'.repeat(300_000) }), status: 413, says: /over/ },
    ],
  ];

  it.each(cases)('%s', async (_name, { body, query, status, says }) => {
    const res = await call(on, { body, ...(query ? { query } : {}) });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)).toMatchObject({ status, detail: expect.stringMatching(says) });
  });
});

describe('provider-state endpoint, a key it makes', () => {
  it('is a real key of the stack, stored hashed, scoped to the partner and environment, gone at teardown', async () => {
    const key = freshKey();
    expect((await call(on, { body: mint(key) })).status).toBe(200);
    const partner = await on.http('GET', '/api/partner', { key });
    expect(partner.status).toBe(200);
    expect(partner.body?.id).toBe('techhub');
    // The key is prod's: a test-environment request list asked with it is refused.
    const other = await on.http('GET', '/api/requests?environment=test', { key });
    expect([other.status, other.body?.detail]).toEqual([422, expect.stringMatching(/prod/)]);
    const rows = on.runtime.bus.db.prepare('SELECT key_hash FROM market_api_keys').pluck().all() as string[];
    expect(rows.some((r) => r.includes(key))).toBe(false);
    const teardown = JSON.stringify({
      state: PARTNER_STATE,
      action: 'teardown',
      params: JSON.parse(mint(key)).params,
    });
    expect((await call(on, { body: teardown })).status).toBe(200);
    expect((await on.http('GET', '/api/partner', { key })).status).toBe(401);
    expect((await on.http('GET', '/api/partner', { key: on.key('techhub', 'prod') })).status).toBe(200);
  });
});

describe('provider-state endpoint, never on AWS', () => {
  it('is not in the Lambda bundle of the Marketplace API', async () => {
    const out = await build({
      entryPoints: [join(ROOT, 'services/marketplace-api/lambda.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((p) => p.endsWith('marketplace-api/lambda.ts'))).toBe(true);
    expect(inputs.filter((p) => /provider-state/.test(p))).toEqual([]);
  });

  it('is not in the SAM template', () => {
    expect(readFileSync(join(ROOT, 'infra/template.yaml'), 'utf8')).not.toMatch(/provider-state/);
  });
});
