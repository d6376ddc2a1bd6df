// Every spelling of an internal address, through a real delivery (ApiDestinationInvoker, undici,
// sockets) to receivers on loopback: with private networks refused, no spelling may reach them,
// neither as the endpoint nor as the OAuth token endpoint, and the outcome names the guard
// (ENDPOINT_REFUSED), not a network error. Link-local and metadata addresses are refused even in
// local development's mode. Names resolve through a DNS table (the `resolve` seam), so that a
// public-looking name can lead to each address.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiDestinationInvoker, createApiDestinationInvoker } from './api-destination-invoker.ts';
import type { EndpointPolicy } from './outbound-guard.ts';
import type { InvokeOutcome } from './target-invoker.ts';
import { MemoryDirectory } from './testing/memory-directory.ts';

const received: string[] = [];
const servers: Server[] = [];
let v4 = 0;
let v6 = 0;

async function receiver(host: string): Promise<number> {
  const server = createServer((req, res) => {
    received.push(`${host} ${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"access_token":"tok","expires_in":300}');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  v4 = await receiver('127.0.0.1');
  v6 = await receiver('::1').catch(() => 0); // a machine without IPv6 loopback skips those rows
});
afterAll(async () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** The DNS table behind the guard: what a hostile partner's name could resolve to. */
const dnsTable: Record<string, string[]> = {
  'loopback.portico.test': ['127.0.0.1'],
  'mapped.portico.test': ['::ffff:127.0.0.1'],
  'v6-loopback.portico.test': ['::1'],
  'metadata.portico.test': ['169.254.169.254'],
  'mixed.portico.test': ['93.184.216.34', '127.0.0.1'],
  'partner.portico.test': ['93.184.216.34'],
};
const resolve = ((host: string, options: object, callback: (e: Error | null, a: LookupAddress[]) => void) => {
  const table = dnsTable[host];
  if (!table) return dnsLookup(host, { all: true }, callback as never);
  callback(
    null,
    table.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
  );
}) as unknown as typeof dnsLookup;

const noPrivate: EndpointPolicy = { allowHttp: true, allowPrivateNetworks: false };
const local: EndpointPolicy = { allowHttp: true, allowPrivateNetworks: true };

async function deliver(
  endpoint: string,
  opts: { policy?: EndpointPolicy; strict?: boolean; tokenUrl?: string } = {},
): Promise<InvokeOutcome> {
  const directory = new MemoryDirectory();
  const conn = opts.tokenUrl
    ? directory.addConnection('oauth', 'OAUTH_CLIENT_CREDENTIALS', {
        OAuthParameters: {
          AuthorizationEndpoint: opts.tokenUrl,
          HttpMethod: 'POST',
          ClientParameters: { ClientID: 'client-id', ClientSecret: 'client-secret' },
        },
      })
    : directory.addConnection('key', 'API_KEY', {
        ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'k' },
      });
  const arn = directory.addDestination('dest', endpoint, conn);
  const invoker = opts.strict
    ? createApiDestinationInvoker({ directory, endpointPolicy: local, strictEndpoints: true, resolve })
    : new ApiDestinationInvoker({
        directory,
        endpointPolicy: opts.policy ?? noPrivate,
        resolve,
        timeoutMs: 2_000,
      });
  try {
    return await invoker.invoke({
      id: 'd',
      eventId: 'e',
      targetArn: arn,
      body: '{"detail":{}}',
      attempt: 1,
      webhookId: 'msg_1',
    });
  } finally {
    await invoker.close();
  }
}

// `P` is the IPv4 receiver's port, `Q` the IPv6 one's.
const internalSpellings: [string, string][] = [
  ['dotted', 'http://127.0.0.1:P/'],
  ['elsewhere in 127/8', 'http://127.8.9.10:P/'],
  ['decimal', 'http://2130706433:P/'],
  ['hex', 'http://0x7f000001:P/'],
  ['hex dotted', 'http://0x7f.0.0.1:P/'],
  ['octal', 'http://0177.0.0.1:P/'],
  ['short', 'http://127.1:P/'],
  ['unspecified (Linux connects it to loopback)', 'http://0.0.0.0:P/'],
  ['IPv6 unspecified', 'http://[::]:P/'],
  ['IPv4-mapped, dotted', 'http://[::ffff:127.0.0.1]:P/'],
  ['IPv4-mapped, hex', 'http://[::ffff:7f00:1]:P/'],
  ['IPv4-mapped, uncompressed', 'http://[0:0:0:0:0:ffff:7f00:1]:P/'],
  ['IPv4-compatible', 'http://[::127.0.0.1]:P/'],
  ['NAT64', 'http://[64:ff9b::7f00:1]:P/'],
  ['NAT64 of the metadata address', 'http://[64:ff9b::a9fe:a9fe]:P/'],
  ['6to4', 'http://[2002:7f00:1::]:P/'],
  ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:P/'],
  ['IPv6 loopback', 'http://[::1]:Q/'],
  ['zone id', 'http://[fe80::1%25lo]:P/'],
  ['localhost (the system resolver)', 'http://localhost:P/'],
  ['a name resolving to 127.0.0.1', 'http://loopback.portico.test:P/'],
  ['a name resolving to ::ffff:127.0.0.1', 'http://mapped.portico.test:P/'],
  ['a name resolving to ::1', 'http://v6-loopback.portico.test:Q/'],
  ['a name with one public and one loopback address', 'http://mixed.portico.test:P/'],
  ['private 10/8', 'http://10.0.0.1:P/'],
  ['CGNAT', 'http://100.64.0.1:P/'],
  ['the metadata service', 'http://169.254.169.254/latest/meta-data/'],
  ['the metadata service, IPv4-mapped', 'http://[::ffff:169.254.169.254]/latest/'],
  ['the IPv6 metadata service', 'http://[fd00:ec2::254]/latest/'],
  ['a name resolving to the metadata service', 'http://metadata.portico.test/latest/'],
];
const at = (url: string) => url.replace(':P/', `:${v4}/`).replace(':Q/', `:${v6}/`);

describe('with private networks refused, no spelling of an internal address is delivered to', () => {
  it.each(internalSpellings)('%s: %s', async (_name, url) => {
    if (url.includes(':Q/') && v6 === 0) return;
    const before = received.length;
    const outcome = await deliver(at(url));
    expect(outcome).toMatchObject({ kind: 'failed', errorCode: 'ENDPOINT_REFUSED' });
    expect(received.slice(before)).toEqual([]);
  });

  it.each(internalSpellings)('as the OAuth token endpoint, %s: %s', async (_name, url) => {
    if (url.includes(':Q/') && v6 === 0) return;
    const before = received.length;
    const outcome = await deliver('http://partner.portico.test/hook', { tokenUrl: `${at(url)}token` });
    expect(outcome).toMatchObject({ kind: 'failed', errorCode: 'ENDPOINT_REFUSED' });
    expect(received.slice(before)).toEqual([]);
  });
});

describe('strict mode wins over the local policy passed by `portico dev`', () => {
  it.each([
    ['plain http', 'http://partner.portico.test/hook'],
    ['loopback over https', 'https://127.0.0.1:P/'],
    ['IPv4-mapped loopback', 'https://[::ffff:7f00:1]:P/'],
  ])('%s is refused', async (_name, url) => {
    const before = received.length;
    expect(await deliver(at(url), { strict: true })).toMatchObject({ errorCode: 'ENDPOINT_REFUSED' });
    expect(received.slice(before)).toEqual([]);
  });
});

describe('local development reaches loopback, never the metadata service', () => {
  it.each([
    ['dotted', 'http://127.0.0.1:P/'],
    ['IPv4-mapped', 'http://[::ffff:127.0.0.1]:P/'],
    ['a name resolving to 127.0.0.1', 'http://loopback.portico.test:P/'],
  ])('delivers to %s', async (_name, url) => {
    const before = received.length;
    expect(await deliver(at(url), { policy: local })).toMatchObject({ kind: 'succeeded', status: 200 });
    expect(received.slice(before)).toEqual(['127.0.0.1 POST /']);
  });

  it.each([
    ['the metadata service', 'http://169.254.169.254/latest/'],
    ['IPv4-mapped metadata', 'http://[::ffff:a9fe:a9fe]/latest/'],
    ['the IPv6 metadata service', 'http://[fd00:ec2::254]/latest/'],
    ['a name resolving to the metadata service', 'http://metadata.portico.test/latest/'],
    ['link-local', 'http://169.254.1.1/'],
    ['unspecified', 'http://0.0.0.0:P/'],
  ])('refuses %s, also as the token endpoint', async (_name, url) => {
    const before = received.length;
    expect(await deliver(at(url), { policy: local })).toMatchObject({ errorCode: 'ENDPOINT_REFUSED' });
    expect(
      await deliver('http://partner.portico.test/hook', { policy: local, tokenUrl: at(url) }),
    ).toMatchObject({ errorCode: 'ENDPOINT_REFUSED' });
    expect(received.slice(before)).toEqual([]);
  });
});
