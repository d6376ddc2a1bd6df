// IP addresses and CIDR blocks as event-ruler reads them (CIDR.java, commit 337e8d9): an address is
// turned into upper-case hex digits (8 for IPv4, 32 for IPv6) so that a block is a range of strings.
// A block written with host bits set is accepted and means the whole block: `220.160.154.255/24` is
// 220.160.154.0..220.160.154.255 (ACMachineTest.testIPAddressOfCIDRIsEqualToMaximumOfRange).
import { invalid } from './pattern-error.ts';

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

export function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  const out: number[] = [];
  for (const p of parts) {
    if (p.length > 10) return undefined;
    const n = Number(p); // decimal, leading zeros allowed, as Java's textToNumericFormatV4 reads them
    if (!Number.isInteger(n) || n > 255) return undefined;
    out.push(n);
  }
  return out.length === 4 ? out : undefined;
}

function ipv6Bytes(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] | undefined => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const all = [...head, ...tail];
  if (all.some((g) => g.length === 0 || g.length > 4)) return undefined;
  if (halves.length === 1 ? all.length !== 8 : all.length > 7) return undefined;
  const fill = 8 - all.length;
  const words = [
    ...head.map((g) => parseInt(g, 16)),
    ...Array<number>(halves.length === 2 ? fill : 0).fill(0),
    ...tail.map((g) => parseInt(g, 16)),
  ];
  const out: number[] = [];
  for (const w of words) out.push(w >> 8, w & 0xff);
  // Java's InetAddress returns an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address.
  if (out.slice(0, 10).every((b) => b === 0) && out[10] === 0xff && out[11] === 0xff) return out.slice(12);
  return out;
}

/** The address's bytes, or undefined when it does not look like an IP or does not parse. */
export function ipBytes(text: string): number[] | undefined {
  if (IPV4_SHAPE.test(text)) return ipv4Bytes(text);
  if (IPV6_SHAPE.test(text)) return ipv6Bytes(text);
  return undefined;
}

function hex(bytes: number[]): string {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s.toUpperCase();
}

/** Upper-case hex form of an IP address, or undefined when the text is not one. */
export function ipToHex(text: string): string | undefined {
  const b = ipBytes(text);
  return b === undefined ? undefined : hex(b);
}

export interface IpRange {
  readonly low: string;
  readonly high: string;
}

/** Parses a `cidr` operand with AWS's messages. */
export function parseCidr(cidr: string): IpRange {
  // Java's String.split drops trailing empty strings: "10.0.0.0/" has one part.
  const parts = cidr.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) invalid("Malformed CIDR, one '/' required");
  const [address, maskText] = parts as [string, string];
  if (!/^[+-]?[0-9]+$/.test(maskText) || Math.abs(Number(maskText)) > 2147483647) {
    invalid('Malformed CIDR, mask bits must be an integer');
  }
  const mask = Number(maskText);
  if (mask < 0) invalid('Malformed CIDR, mask bits must not be negative');
  if (!looksLikeIp(address)) invalid(`Nonstandard IP address: ${address}`);
  const bytes = ipBytes(address);
  if (bytes === undefined) invalid(`Invalid IP address: ${address}`);
  if (bytes.length === 4 && mask > 31) invalid('IPv4 mask bits must be < 32');
  if (bytes.length === 16 && mask > 127) invalid('IPv6 mask bits must be < 128');
  let hostBits = bytes.length * 8 - mask;
  const top = bytes.slice();
  const bottom = bytes.slice();
  for (let i = top.length - 1; i >= 0; i--, hostBits -= 8) {
    const hostMask = hostBits >= 8 ? 0xff : hostBits > 0 ? (1 << hostBits) - 1 : 0;
    top[i] = (top[i] as number) | hostMask;
    bottom[i] = (bottom[i] as number) & ~hostMask;
  }
  return { low: hex(bottom), high: hex(top) };
}

/** True when the event string is an IP address inside the range (same family). */
export function ipInRange(range: IpRange, value: string): boolean {
  const h = ipToHex(value);
  return h !== undefined && h.length === range.low.length && h >= range.low && h <= range.high;
}
