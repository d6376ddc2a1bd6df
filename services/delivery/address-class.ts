// What an IP address reaches, by the IANA special-purpose address registries (RFC 6890 and its
// successors), parsed with ipaddr.js rather than compared as text: `::ffff:7f00:1`, `::127.0.0.1`,
// `64:ff9b::7f00:1` and `2002:7f00:1::` all lead to 127.0.0.1, whatever the spelling.
//   public  - global unicast: a partner's endpoint may be there;
//   private - loopback, RFC 1918, unique local, CGNAT: allowed only where configured (local development);
//   refused - never: link-local and the cloud metadata services (169.254.169.254, fd00:ec2::254,
//             Alibaba's 100.100.100.200), unspecified, multicast, broadcast, documentation,
//             benchmarking and every other reserved range (no partner lives there).
// An address that embeds an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 RFC 6052, 6to4
// RFC 3056, Teredo RFC 4380) is as bad as the worst address it embeds.
import ipaddr from 'ipaddr.js';

export type AddressClass = 'public' | 'private' | 'refused';

export interface Classified {
  class: AddressClass;
  /** ipaddr.js's range name, or why, e.g. `loopback`, `cloud metadata`, `ipv4Mapped of loopback`. */
  range: string;
}

const metadata = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);
const privateV4 = new Set(['loopback', 'private', 'carrierGradeNat']);
const privateV6 = new Set(['loopback', 'uniqueLocal']);
const rank: Record<AddressClass, number> = { public: 0, private: 1, refused: 2 };

/** Classifies an address literal (brackets allowed); anything that is not an IP address is refused. */
export function classifyAddress(text: string): Classified {
  const literal = text.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(literal)) return { class: 'refused', range: 'not an IP address' };
  // IPv6 zone ids (fe80::1%eth0) only qualify link-local addresses: refused with them.
  if (literal.includes('%')) return { class: 'refused', range: 'zoned (link-local)' };
  const address = ipaddr.parse(literal);
  if (metadata.has(address.toNormalizedString()) || metadata.has(address.toString()))
    return { class: 'refused', range: 'cloud metadata' };
  if (address.kind() === 'ipv4') return classifyV4(address as ipaddr.IPv4);
  return classifyV6(address as ipaddr.IPv6);
}

function classifyV4(address: ipaddr.IPv4): Classified {
  if (metadata.has(address.toString())) return { class: 'refused', range: 'cloud metadata' };
  const range = address.range();
  if (range === 'unicast') return { class: 'public', range };
  return { class: privateV4.has(range) ? 'private' : 'refused', range };
}

function classifyV6(address: ipaddr.IPv6): Classified {
  const range = address.range();
  const embedded = embeddedV4(address, range);
  if (embedded.length > 0) {
    const worst = embedded
      .map((v4) => classifyV4(v4))
      .reduce((a, b) => (rank[b.class] > rank[a.class] ? b : a));
    return { class: worst.class, range: `${range} of ${worst.range}` };
  }
  // RFC 8215 local-use NAT64 (64:ff9b:1::/48): translated into the operator's own network.
  if (range === 'rfc6052') return { class: 'private', range: 'local-use NAT64' };
  if (range === 'unicast') return { class: 'public', range };
  return { class: privateV6.has(range) ? 'private' : 'refused', range };
}

const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

/** The IPv4 addresses an IPv6 address leads to, by the transition mechanisms that embed one. */
function embeddedV4(address: ipaddr.IPv6, range: string): ipaddr.IPv4[] {
  const p = address.parts as number[];
  const [p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0] = p;
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d (RFC 4291 §2.5.5.2)
      return [address.toIPv4Address()];
    case 'rfc6052': // 64:ff9b::a.b.c.d, the well-known NAT64 prefix (RFC 6052 §2.1)
      return p0 === 0x64 && p1 === 0xff9b && p2 === 0 && p3 === 0 && p4 === 0 && p5 === 0 ? [v4(p6, p7)] : [];
    case '6to4': // 2002:AABB:CCDD::/48 (RFC 3056 §2)
      return [v4(p1, p2)];
    case 'teredo': // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, client address inverted (RFC 4380 §4)
      return [v4(p2, p3), v4(~p6 & 0xffff, ~p7 & 0xffff)];
    default:
      // IPv4-compatible ::a.b.c.d (RFC 4291 §2.5.5.1, deprecated); not :: or ::1 themselves.
      if (p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0 && p4 === 0 && p5 === 0 && p6 !== 0)
        return [v4(p6, p7)];
      return [];
  }
}
