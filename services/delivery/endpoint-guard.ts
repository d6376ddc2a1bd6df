// Endpoint safety (SSRF): a partner's endpoint must not lead Portico into its own network.
// - https is required unless `allowHttp` (local development);
// - the address actually connected to is checked after DNS resolution, in the socket's `lookup`
//   (net.connect/tls.connect option, passed through undici's `connect`), so a name that resolves to
//   169.254.169.254 is refused even when the URL looks public; IP literals, for which Node does not call
//   lookup, are checked before connecting;
// - redirects are never followed (undici does not follow them unless asked; EventBridge does not
//   either), so a 3xx cannot point the request at such an address.
// Ranges: IANA special-purpose registries (RFC 6890) for IPv4 and IPv6, plus AWS's metadata addresses.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export interface EndpointPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

export class EndpointRefusedError extends Error {
  readonly code = 'ENDPOINT_REFUSED';
}

const forbidden: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'this network'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (incl. the 169.254.169.254 metadata service)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'unique local (incl. the fd00:ec2::254 metadata service)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const blockLists = forbidden.map(([net, prefix, family, reason]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { list, family, reason };
});

/** Why an address is off limits, or undefined if it is a public address. */
export function forbiddenAddressReason(address: string): string | undefined {
  let ip = address.replace(/^\[|\]$/g, '');
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach the IPv4 address inside.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (embedded?.[1]) ip = embedded[1];
  const kind = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
  return blockLists.find((b) => b.family === kind && b.list.check(ip, kind))?.reason;
}

/** Checks the URL itself: scheme, and the host when it is an IP literal. Throws EndpointRefusedError. */
export function checkEndpointUrl(endpoint: string, policy: EndpointPolicy): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointRefusedError(`Endpoint "${endpoint}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new EndpointRefusedError(
      `Endpoint ${url.origin} must use https (http is allowed only in local development)`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivateNetworks && isIP(host)) {
    const reason = forbiddenAddressReason(host);
    if (reason) throw new EndpointRefusedError(`Endpoint ${url.origin} is a ${reason} address`);
  }
  return url;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net/tls.connect that refuses forbidden addresses after resolution. */
export function guardedLookup(policy: EndpointPolicy, resolve: typeof dnsLookup = dnsLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      if (!policy.allowPrivateNetworks) {
        for (const { address } of list) {
          const reason = forbiddenAddressReason(address);
          if (reason) {
            const refused = new EndpointRefusedError(
              `Endpoint host ${hostname} resolves to ${address}, a ${reason} address`,
            );
            return callback(Object.assign(refused, { errno: undefined }) as NodeJS.ErrnoException, []);
          }
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
