// Standard Webhooks signatures (https://www.standardwebhooks.com/, spec/standard-webhooks.md,
// "Signature scheme"): webhook-signature = "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)),
// where key is the base64 after the secret's "whsec_" prefix. During a secret rotation one signature
// per secret, space-separated; a receiver accepts the message if any one verifies.
// Pure functions: node:crypto does the HMAC, so there is nothing here a library would do better.
import { createHash, createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

export class WebhookSecretError extends Error {}

const decodedKeys = new Map<string, Buffer>();

/** The HMAC key a `whsec_...` secret stands for (decoded once per secret, then cached). */
export function decodeWebhookSecret(secret: string): Buffer {
  const cached = decodedKeys.get(secret);
  if (cached) return cached;
  const key = decodeUncached(secret);
  if (decodedKeys.size > 10_000) decodedKeys.clear();
  decodedKeys.set(secret, key);
  return key;
}

function decodeUncached(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new WebhookSecretError(
      'Webhook secret is not "whsec_" followed by base64 (the secret itself is not shown)',
    );
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16)
    throw new WebhookSecretError(`Webhook secret is too short: ${key.length} bytes, 16 at least`);
  return key;
}

export interface SignInput {
  webhookId: string;
  /** Seconds since the epoch: fresh on every attempt, so receivers can refuse replays. */
  timestamp: number;
  body: string;
  secrets: readonly string[];
}

/** The `webhook-signature` header value: one `v1,<base64>` per secret, space-separated. */
export function signWebhook({ webhookId, timestamp, body, secrets }: SignInput): string {
  return secrets
    .map((secret) => {
      const mac = createHmac('sha256', decodeWebhookSecret(secret));
      mac.update(`${webhookId}.${timestamp}.${body}`, 'utf8');
      return `v1,${mac.digest('base64')}`;
    })
    .join(' ');
}

/**
 * The Standard Webhooks headers. Without a secret there is nothing to sign with, but webhook-id (the
 * partner's dedupe key) and webhook-timestamp are still sent.
 */
export function webhookHeaders(input: SignInput): Record<string, string> {
  const headers: Record<string, string> = {
    'webhook-id': input.webhookId,
    'webhook-timestamp': String(input.timestamp),
  };
  if (input.secrets.length > 0) headers['webhook-signature'] = signWebhook(input);
  return headers;
}

/**
 * The delivery's stable key: the same for every attempt and every redrive of one event to one target
 * of one rule, so it doubles as the partner's dedupe key (`webhook-id` = "msg_" + this). A replay is a
 * new delivery the partner must not drop as a duplicate, so the replay name is part of it.
 */
export function deliveryKey(parts: {
  eventId: string;
  ruleArn: string;
  targetId: string;
  replayName?: string | undefined;
}): string {
  // The same bytes as hashing each part then a NUL, in one call (this runs for every claimed delivery).
  return createHash('sha256')
    .update(`${parts.eventId}\0${parts.ruleArn}\0${parts.targetId}\0${parts.replayName ?? ''}\0`)
    .digest('base64url')
    .slice(0, 26);
}

export function webhookIdFor(key: string): string {
  return `msg_${key}`;
}
