// The one guard for every connection Portico opens to the outside (deliveries, OAuth token
// fetches): a partner's URL must not lead Portico into its own network (SSRF).
// - https is required unless `allowHttp` (local development);
// - the address is classified by address-class.ts (IANA special-purpose registries, every IPv6
//   spelling that embeds an IPv4 address); link-local and metadata addresses are refused in every
//   mode, loopback and private ranges unless `allowPrivateNetworks`;
// - the check runs in the connector itself (undici's `connect`), so nothing can connect around
//   it: an IP literal is checked as given, a name is resolved once by the guarded `lookup` and the
//   socket connects to the very addresses that were checked (no second DNS lookup, so DNS
//   rebinding between check and connect is impossible);
// - redirects are never followed (undici does not unless asked; EventBridge does not either).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { classifyAddress } from './address-class.ts';

export interface EndpointPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

/** Production's rules, and what PORTICO_STRICT_ENDPOINTS=1 or `--strict-endpoints` force. */
export const strictPolicy: EndpointPolicy = Object.freeze({ allowHttp: false, allowPrivateNetworks: false });

/** Strict whenever asked by the environment or a flag, whatever policy the caller passed. */
export function effectivePolicy(
  requested: EndpointPolicy | undefined,
  strict = process.env.PORTICO_STRICT_ENDPOINTS === '1',
): EndpointPolicy {
  return strict ? strictPolicy : (requested ?? strictPolicy);
}

export class EndpointRefusedError extends Error {
  readonly code = 'ENDPOINT_REFUSED';
}

/** Why `address` may not be connected to under `policy`, or undefined when it may. */
export function refusalReason(address: string, policy: EndpointPolicy): string | undefined {
  const { class: kind, range } = classifyAddress(address);
  if (kind === 'public' || (kind === 'private' && policy.allowPrivateNetworks)) return undefined;
  return kind === 'private' ? `${range} address (private networks are not allowed here)` : `${range} address`;
}

/** Checks the URL itself: scheme, and the host when it is an IP literal. Throws EndpointRefusedError. */
export function checkEndpointUrl(endpoint: string, policy: EndpointPolicy, what = 'Endpoint'): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointRefusedError(`${what} "${endpoint}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new EndpointRefusedError(
      `${what} ${url.origin} must use https (http is allowed only in local development)`,
    );
  }
  // WHATWG URL has already normalised decimal, hex, octal and short IPv4 (http://2130706433/ is
  // 127.0.0.1) and compressed IPv6 (`[::ffff:127.0.0.1]` is `[::ffff:7f00:1]`).
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const reason = refusalReason(host, policy);
    if (reason) throw new EndpointRefusedError(`${what} ${url.origin} is a ${reason}`);
  }
  return url;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net/tls.connect that refuses the name if any address it resolves to is refused. */
export function guardedLookup(policy: EndpointPolicy, resolve: typeof dnsLookup = dnsLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      for (const { address } of list) {
        const reason = refusalReason(address, policy);
        if (reason) {
          const refused = new EndpointRefusedError(`Host ${hostname} resolves to ${address}, a ${reason}`);
          return callback(Object.assign(refused, { errno: undefined }) as NodeJS.ErrnoException, []);
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

export interface GuardOptions {
  timeoutMs?: number;
  /** DNS resolution (default node:dns lookup); tests pass a table. */
  resolve?: typeof dnsLookup;
}

/** undici's connector with the guard in front: every socket Portico opens outwards goes through one. */
export function guardedConnector(policy: EndpointPolicy, opts: GuardOptions = {}): buildConnector.connector {
  const connect = buildConnector({
    lookup: guardedLookup(policy, opts.resolve),
    ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
  });
  return (options, callback) => {
    // Node does not call `lookup` for an IP literal: check it here, as the URL gave it.
    const host = options.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = refusalReason(host, policy);
      if (reason) return callback(new EndpointRefusedError(`Address ${host} is a ${reason}`), null);
    }
    connect(options, callback);
  };
}

/** An undici Agent whose every connection is guarded (the OAuth token fetch uses one). */
export function guardedAgent(policy: EndpointPolicy, opts: GuardOptions = {}): Agent {
  return new Agent({ connect: guardedConnector(policy, opts) });
}
