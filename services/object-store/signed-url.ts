// Expiring links to objects: `<base>/<key>?expires=<unix seconds>&signature=<HMAC-SHA256>`, the
// local stand-in for S3 pre-signed URLs. The signature covers the key and the expiry, so neither
// can be changed; it is compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signObjectUrl(baseUrl: string, key: string, expiresAt: number, secret: Buffer): string {
  const expires = Math.floor(expiresAt / 1000);
  return `${baseUrl}/${key}?expires=${expires}&signature=${signature(key, expires, secret)}`;
}

export type UrlCheck = 'valid' | 'expired' | 'forged';

export function checkObjectUrl(
  key: string,
  query: Record<string, string | undefined>,
  secret: Buffer,
  now: number,
): UrlCheck {
  const expires = Number(query['expires']);
  const given = Buffer.from(query['signature'] ?? '', 'utf8');
  const wanted = Buffer.from(signature(key, expires, secret), 'utf8');
  if (!Number.isSafeInteger(expires) || given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return 'forged';
  return expires * 1000 < now ? 'expired' : 'valid';
}

function signature(key: string, expires: number, secret: Buffer): string {
  return createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
}
