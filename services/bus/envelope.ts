import { randomUUID } from 'node:crypto';
import type { BusIdentity } from './arns.ts';

/** The envelope fields a producer chooses; the bus adds version, id, account and region. */
export interface EnvelopeFields {
  source: string;
  detailType: string;
  /** ms since epoch: the envelope's `time`, to the second. */
  time: number;
  resources: readonly string[];
  detail: object;
  /** The detail as text, when it must be written as sent rather than by JSON.stringify (detail-text.ts). */
  detailText?: string;
}

export interface Enveloped {
  event: Record<string, unknown>;
  /** The same event as text, in AWS's key order: what targets receive and the event log keeps. */
  eventJson: string;
}

/**
 * An event as EventBridge delivers it
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html), as an object for
 * matching and as text, written directly in AWS's key order (version, id, detail-type, source, account,
 * time, region, resources, detail) rather than by stringifying the object.
 */
export function envelope(identity: BusIdentity, id: string, f: EnvelopeFields): Enveloped {
  const time = envelopeTime(f.time);
  const { account, region } = identityText(identity);
  const resources = f.resources.length === 0 ? '[]' : JSON.stringify(f.resources);
  return {
    event: {
      version: '0',
      id,
      'detail-type': f.detailType,
      source: f.source,
      account: identity.accountId,
      time,
      region: identity.region,
      resources: f.resources,
      detail: f.detail,
    },
    eventJson: `{"version":"0","id":"${id}","detail-type":${JSON.stringify(f.detailType)},"source":${JSON.stringify(f.source)},"account":${account},"time":"${time}","region":${region},"resources":${resources},"detail":${f.detailText ?? JSON.stringify(f.detail)}}`,
  };
}

const identityTexts = new WeakMap<BusIdentity, { account: string; region: string }>();

function identityText(identity: BusIdentity): { account: string; region: string } {
  let text = identityTexts.get(identity);
  if (text === undefined) {
    text = { account: JSON.stringify(identity.accountId), region: JSON.stringify(identity.region) };
    identityTexts.set(identity, text);
  }
  return text;
}

// Events accepted in the same second (or millisecond) share these: worked out once, not per event.
let lastSecond = NaN;
let lastTime = '';
let lastMs = NaN;
let lastPrefix = '';

/** `time` as AWS writes it in the envelope: ISO 8601 to the second, `Z`. */
export function envelopeTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastTime = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastTime;
}

/**
 * A UUID version 7 (RFC 9562 §5.7: 48-bit Unix ms, then random bits): still an opaque UUID to clients,
 * but ids accepted together sort together, so the event log's (id, bus) key is appended to instead of
 * written all over (fewer pages per PutEvents commit).
 */
export function timeOrderedUuid(ms: number): string {
  const whole = Math.max(0, Math.floor(ms));
  if (whole !== lastMs) {
    const t = whole.toString(16).padStart(12, '0').slice(-12);
    lastPrefix = `${t.slice(0, 8)}-${t.slice(8)}-7`;
    lastMs = whole;
  }
  // randomUUID() is xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: keep what follows its version digit.
  return lastPrefix + randomUUID().slice(15);
}
