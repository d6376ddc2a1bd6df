import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkEndpointUrl,
  EndpointRefusedError,
  forbiddenAddressReason,
  guardedLookup,
} from './endpoint-guard.ts';

describe('forbiddenAddressReason', () => {
  const cases: [string, { given: string; want: RegExp | undefined }][] = [
    ['public IPv4', { given: '93.184.216.34', want: undefined }],
    ['public IPv6', { given: '2606:2800:220:1:248:1893:25c8:1946', want: undefined }],
    ['loopback', { given: '127.0.0.1', want: /loopback/ }],
    ['loopback elsewhere in 127/8', { given: '127.3.2.1', want: /loopback/ }],
    ['10/8', { given: '10.1.2.3', want: /private/ }],
    ['172.16/12', { given: '172.31.255.255', want: /private/ }],
    ['just outside 172.16/12', { given: '172.32.0.1', want: undefined }],
    ['192.168/16', { given: '192.168.1.1', want: /private/ }],
    ['CGNAT', { given: '100.64.0.1', want: /CGNAT/ }],
    ['EC2 metadata', { given: '169.254.169.254', want: /metadata/ }],
    ['0.0.0.0', { given: '0.0.0.0', want: /this network/ }],
    ['IPv6 loopback', { given: '::1', want: /loopback/ }],
    ['IPv6 EC2 metadata', { given: 'fd00:ec2::254', want: /metadata/ }],
    ['IPv6 link-local', { given: 'fe80::1', want: /link-local/ }],
    ['IPv4-mapped loopback', { given: '::ffff:127.0.0.1', want: /loopback/ }],
    ['NAT64 of the metadata address', { given: '64:ff9b::169.254.169.254', want: /link-local/ }],
    ['bracketed literal', { given: '[::1]', want: /loopback/ }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    const reason = forbiddenAddressReason(given);
    if (want) expect(reason).toMatch(want);
    else expect(reason).toBeUndefined();
  });
});

describe('checkEndpointUrl', () => {
  const strict = { allowHttp: false, allowPrivateNetworks: false };
  const local = { allowHttp: true, allowPrivateNetworks: true };
  it.each([
    ['http outside local development', 'http://partner.example/hook', strict, /must use https/],
    ['a loopback literal', 'https://127.0.0.1/hook', strict, /loopback address/],
    ['the metadata literal', 'https://169.254.169.254/latest', strict, /link-local/],
    ['an IPv6 loopback literal', 'https://[::1]:8443/', strict, /loopback address/],
    ['not a URL', 'partner.example/hook', strict, /not an absolute URL/],
    ['ftp even locally', 'ftp://127.0.0.1/', local, /must use https/],
  ])('refuses %s', (_n, url, policy, message) => {
    expect(() => checkEndpointUrl(url, policy)).toThrow(EndpointRefusedError);
    expect(() => checkEndpointUrl(url, policy)).toThrow(message);
  });
  it.each([
    ['https to a name', 'https://partner.example/hook', strict],
    ['http to loopback in local development', 'http://127.0.0.1:8080/hook', local],
  ])('accepts %s', (_n, url, policy) => expect(checkEndpointUrl(url, policy).href).toBe(new URL(url).href));
});

describe('guardedLookup through undici', () => {
  let origin = '';
  const server = createServer((_req, res) => res.end('reached'));
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses a name that resolves to loopback, at connect time', async () => {
    const pool = new Pool(origin, {
      connect: { lookup: guardedLookup({ allowHttp: true, allowPrivateNetworks: false }) },
    });
    await expect(pool.request({ path: '/', method: 'GET' })).rejects.toThrow(
      /resolves to 127\.0\.0\.1, a loopback address/,
    );
    await pool.close();
  });

  it('lets it through when private networks are allowed', async () => {
    const pool = new Pool(origin, {
      connect: { lookup: guardedLookup({ allowHttp: true, allowPrivateNetworks: true }) },
    });
    const res = await pool.request({ path: '/', method: 'GET' });
    expect(await res.body.text()).toBe('reached');
    await pool.close();
  });

  it('refuses a public-looking name that DNS points at the metadata service', async () => {
    const fakeDns = ((
      _h: string,
      _o: unknown,
      cb: (e: null, a: { address: string; family: number }[]) => void,
    ) =>
      cb(null, [{ address: '169.254.169.254', family: 4 }])) as unknown as typeof import('node:dns').lookup;
    const lookup = guardedLookup({ allowHttp: false, allowPrivateNetworks: false }, fakeDns);
    const result = await new Promise<unknown>((resolve) =>
      lookup('evil.example', { all: true }, (err) => resolve(err)),
    );
    expect(String(result)).toMatch(/evil\.example resolves to 169\.254\.169\.254/);
  });
});
