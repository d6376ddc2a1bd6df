import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../bus/resources/secret-box.ts';
import type { Environment } from '../request-store/request-store.ts';
import type { DeliverySettings } from './delivery-settings.ts';
import { SqliteSealedSecrets, WebhookSecretRotation } from './webhook-secret-rotation.ts';

function setup() {
  const applied: (readonly string[])[] = [];
  const byEnv = new Map<string, readonly string[]>();
  const settings: Pick<DeliverySettings, 'setWebhookSecrets'> = {
    setWebhookSecrets: async (p: string, e: Environment, s: readonly string[]) => {
      applied.push(s);
      byEnv.set(`${p}/${e}`, s);
    },
  };
  let now = 1_000_000;
  const raw = new Database(':memory:');
  const db = new SqliteSealedSecrets(raw);
  const box = new SecretBox(randomBytes(32));
  return { applied, byEnv, db, raw, box, settings, clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('WebhookSecretRotation', () => {
  it('signs with the new and the previous secret during the grace period, then the new one only', async () => {
    const t = setup();
    const rotation = new WebhookSecretRotation(t.db, t.box, t.settings, t.clock);
    const r = await rotation.rotate('acme', 'test', 60, 'whsec_b2xk');
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
    const first = await rotation.rotate('acme', 'prod', 0, 'whsec_b2xk');
    expect(t.applied.at(-1)).toEqual([first.secret]);
    const second = await rotation.rotate('acme', 'prod', 3600, 'whsec_b2xk');
    expect(t.applied.at(-1)).toEqual([second.secret, first.secret]);
    expect(JSON.stringify(t.raw.prepare('SELECT * FROM market_webhook_secrets').all())).not.toContain(
      second.secret,
    );
    rotation.stop();
  });

  it('rotates one environment’s secret only, also after a restart', async () => {
    const t = setup();
    const rotation = new WebhookSecretRotation(t.db, t.box, t.settings, t.clock);
    const r = await rotation.rotate('acme', 'test', 0, 'whsec_b2xk');
    expect([...t.byEnv]).toEqual([['acme/test', [r.secret]]]);
    t.byEnv.clear();
    await new WebhookSecretRotation(t.db, t.box, t.settings, t.clock).resume();
    expect([...t.byEnv]).toEqual([['acme/test', [r.secret]]]);
    rotation.stop();
  });

  it('keeps applying a secret rotated before secrets were per environment, until an environment rotates', async () => {
    const t = setup();
    // A row as the partner-wide rotation wrote it: keyed by the bare partner id.
    await t.db.put({ partner: 'acme', currentSealed: t.box.seal('whsec_bGVnYWN5') });
    const rotation = new WebhookSecretRotation(t.db, t.box, t.settings, t.clock);
    await rotation.resume();
    expect(Object.fromEntries(t.byEnv)).toEqual({
      'acme/prod': ['whsec_bGVnYWN5'],
      'acme/test': ['whsec_bGVnYWN5'],
    });
    const r = await rotation.rotate('acme', 'test', 60, undefined);
    await new WebhookSecretRotation(t.db, t.box, t.settings, t.clock).resume();
    expect(Object.fromEntries(t.byEnv)).toEqual({
      'acme/prod': ['whsec_bGVnYWN5'],
      'acme/test': [r.secret, 'whsec_bGVnYWN5'],
    });
    rotation.stop();
  });
});
