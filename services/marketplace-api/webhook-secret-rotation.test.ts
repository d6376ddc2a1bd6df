import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../bus/resources/secret-box.ts';
import type { DeliverySettings } from './delivery-settings.ts';
import { SqliteSealedSecrets, WebhookSecretRotation } from './webhook-secret-rotation.ts';

function setup() {
  const applied: (readonly string[])[] = [];
  const settings = {
    setWebhookSecrets: async (_p: string, s: readonly string[]) => void applied.push(s),
  } as DeliverySettings;
  let now = 1_000_000;
  const raw = new Database(':memory:');
  const db = new SqliteSealedSecrets(raw);
  const box = new SecretBox(randomBytes(32));
  return { applied, db, raw, box, settings, clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('WebhookSecretRotation', () => {
  it('signs with the new and the previous secret during the grace period, then the new one only', async () => {
    const t = setup();
    const rotation = new WebhookSecretRotation(t.db, t.box, t.settings, t.clock);
    const r = await rotation.rotate('acme', 60, 'whsec_b2xk');
    expect(t.applied.at(-1)).toEqual([r.secret, 'whsec_b2xk']);
    t.advance(61_000);
    // After a restart the grace period is over: resume applies the new secret alone.
    await new WebhookSecretRotation(t.db, t.box, t.settings, t.clock).resume();
    expect(t.applied.at(-1)).toEqual([r.secret]);
    rotation.stop();
  });

  it('rotates from the secret it keeps, not the catalogue’s, the second time', async () => {
    const t = setup();
    const rotation = new WebhookSecretRotation(t.db, t.box, t.settings, t.clock);
    const first = await rotation.rotate('acme', 0, 'whsec_b2xk');
    expect(t.applied.at(-1)).toEqual([first.secret]);
    const second = await rotation.rotate('acme', 3600, 'whsec_b2xk');
    expect(t.applied.at(-1)).toEqual([second.secret, first.secret]);
    expect(JSON.stringify(t.raw.prepare('SELECT * FROM market_webhook_secrets').all())).not.toContain(
      second.secret,
    );
    rotation.stop();
  });
});
