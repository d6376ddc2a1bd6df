import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, type AddressClass } from './address-class.ts';
import { checkEndpointUrl, EndpointRefusedError, guardedLookup } from './outbound-guard.ts';

describe('classifyAddress', () => {
  const cases: [string, { given: string; want: AddressClass; range?: RegExp }][] = [
    ['public IPv4', { given: '93.184.216.34', want: 'public' }],
    ['public IPv6', { given: '2606:2800:220:1:248:1893:25c8:1946', want: 'public' }],
    ['loopback', { given: '127.0.0.1', want: 'private', range: /loopback/ }],
    ['loopback elsewhere in 127/8', { given: '127.3.2.1', want: 'private', range: /loopback/ }],
    ['10/8', { given: '10.1.2.3', want: 'private' }],
    ['172.16/12', { given: '172.31.255.255', want: 'private' }],
    ['just outside 172.16/12', { given: '172.32.0.1', want: 'public' }],
    ['192.168/16', { given: '192.168.1.1', want: 'private' }],
    ['CGNAT', { given: '100.64.0.1', want: 'private', range: /carrierGradeNat/ }],
    ['EC2 metadata', { given: '169.254.169.254', want: 'refused', range: /metadata/ }],
    ['ECS task metadata', { given: '169.254.170.2', want: 'refused', range: /metadata/ }],
    ['Alibaba metadata (in CGNAT)', { given: '100.100.100.200', want: 'refused', range: /metadata/ }],
    ['other link-local', { given: '169.254.1.1', want: 'refused', range: /linkLocal/ }],
    ['0.0.0.0', { given: '0.0.0.0', want: 'refused', range: /unspecified/ }],
    ['broadcast', { given: '255.255.255.255', want: 'refused' }],
    ['multicast', { given: '224.0.0.1', want: 'refused' }],
    ['documentation', { given: '192.0.2.1', want: 'refused' }],
    ['benchmarking', { given: '198.18.0.1', want: 'refused' }],
    ['IPv6 loopback', { given: '::1', want: 'private', range: /loopback/ }],
    ['IPv6 unspecified', { given: '::', want: 'refused' }],
    ['IPv6 EC2 metadata', { given: 'fd00:ec2::254', want: 'refused', range: /metadata/ }],
    ['IPv6 unique local', { given: 'fd12::1', want: 'private' }],
    ['IPv6 link-local', { given: 'fe80::1', want: 'refused', range: /linkLocal/ }],
    ['IPv6 link-local with a zone id', { given: 'fe80::1%eth0', want: 'refused' }],
    ['IPv6 documentation', { given: '2001:db8::1', want: 'refused' }],
    ['IPv4-mapped loopback, dotted', { given: '::ffff:127.0.0.1', want: 'private', range: /loopback/ }],
    ['IPv4-mapped loopback, as Node spells it', { given: '::ffff:7f00:1', want: 'private' }],
    [
      'IPv4-mapped metadata',
      { given: '::ffff:169.254.169.254', want: 'refused', range: /metadata|linkLocal/ },
    ],
    ['IPv4-mapped public', { given: '::ffff:93.184.216.34', want: 'public' }],
    ['IPv4-compatible loopback', { given: '::127.0.0.1', want: 'private', range: /loopback/ }],
    ['NAT64 of loopback', { given: '64:ff9b::7f00:1', want: 'private', range: /rfc6052 of loopback/ }],
    ['NAT64 of the metadata address', { given: '64:ff9b::169.254.169.254', want: 'refused' }],
    ['NAT64 of a public address', { given: '64:ff9b::5db8:d822', want: 'public' }],
    ['local-use NAT64', { given: '64:ff9b:1::a00:1', want: 'private' }],
    ['6to4 of loopback', { given: '2002:7f00:1::', want: 'private', range: /6to4 of loopback/ }],
    ['6to4 of the metadata address', { given: '2002:a9fe:a9fe::1', want: 'refused' }],
    ['Teredo to client 127.0.0.1', { given: '2001:0:4136:e378:8000:63bf:80ff:fffe', want: 'private' }],
    ['bracketed literal', { given: '[::1]', want: 'private' }],
    ['not an address', { given: 'localhost', want: 'refused' }],
  ];
  it.each(cases)('%s', (_n, { given, want, range }) => {
    const got = classifyAddress(given);
    expect(got.class).toBe(want);
    if (range) expect(got.range).toMatch(range);
  });
});

describe('checkEndpointUrl', () => {
  const strict = { allowHttp: false, allowPrivateNetworks: false };
  const local = { allowHttp: true, allowPrivateNetworks: true };
  it.each([
    ['http outside local development', 'http://partner.example/hook', strict, /must use https/],
    ['a loopback literal', 'https://127.0.0.1/hook', strict, /loopback address/],
    ['the metadata literal', 'https://169.254.169.254/latest', strict, /metadata/],
    ['the metadata literal even locally', 'http://169.254.169.254/latest', local, /metadata/],
    ['an IPv4-mapped metadata literal even locally', 'http://[::ffff:169.254.169.254]/', local, /metadata/],
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
      lookup('evil.example', { all: true }, (err: unknown) => resolve(err)),
    );
    expect(String(result)).toMatch(/evil\.example resolves to 169\.254\.169\.254/);
  });
});
