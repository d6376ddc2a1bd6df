// Webhook secret rotation with a grace period: the new secret signs at once, the previous one
// keeps signing until the grace period ends, then is dropped. The secrets are kept sealed
// (the bus's SecretBox, AES-256-GCM) so that the grace period survives a restart: `resume()`
// re-applies them at start and re-arms the timer that ends the grace period.
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../bus/resources/secret-box.ts';
import type { DeliverySettings } from './delivery-settings.ts';

interface Row {
  partner: string;
  current_sealed: string;
  previous_sealed: string | null;
  previous_expires_at: number | null;
}

export interface Rotation {
  secret: string;
  createdAt: number;
  previousExpiresAt: number;
}

export class WebhookSecretRotation {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
    private readonly settings: DeliverySettings,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_webhook_secrets (
      partner TEXT PRIMARY KEY, current_sealed TEXT NOT NULL, previous_sealed TEXT, previous_expires_at INTEGER)`);
  }

  /**
   * `previous` is the secret in force before the first rotation (the catalogue's); later rotations
   * use the one kept here. Standard Webhooks secrets: `whsec_` + base64 of 24 random bytes.
   */
  async rotate(partner: string, gracePeriodSeconds: number, previous: string | undefined): Promise<Rotation> {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const row = this.row(partner);
    const old = row ? this.box.open(row.current_sealed) : previous;
    const createdAt = this.now();
    const previousExpiresAt = createdAt + gracePeriodSeconds * 1000;
    const keepOld = old !== undefined && gracePeriodSeconds > 0;
    this.db
      .prepare(
        `INSERT INTO market_webhook_secrets (partner, current_sealed, previous_sealed, previous_expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (partner) DO UPDATE SET current_sealed = excluded.current_sealed, previous_sealed = excluded.previous_sealed,
           previous_expires_at = excluded.previous_expires_at`,
      )
      .run(
        partner,
        this.box.seal(secret),
        keepOld ? this.box.seal(old) : null,
        keepOld ? previousExpiresAt : null,
      );
    await this.apply(partner);
    return { secret, createdAt, previousExpiresAt };
  }

  /** At start: puts every rotated partner's secrets back on the bus and re-arms its timer. */
  async resume(): Promise<void> {
    for (const row of this.db.prepare(`SELECT partner FROM market_webhook_secrets`).all() as {
      partner: string;
    }[])
      await this.apply(row.partner);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async apply(partner: string): Promise<void> {
    const row = this.row(partner);
    if (!row) return;
    clearTimeout(this.timers.get(partner));
    const secrets = [this.box.open(row.current_sealed)];
    const expiresAt = row.previous_expires_at ?? 0;
    if (row.previous_sealed && expiresAt > this.now()) {
      secrets.push(this.box.open(row.previous_sealed));
      const timer = setTimeout(
        () => void this.expire(partner),
        Math.min(expiresAt - this.now(), 2 ** 31 - 1),
      );
      timer.unref();
      this.timers.set(partner, timer);
    }
    await this.settings.setWebhookSecrets(partner, secrets);
  }

  private async expire(partner: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE market_webhook_secrets SET previous_sealed = NULL WHERE partner = ? AND previous_expires_at <= ?`,
      )
      .run(partner, this.now());
    await this.apply(partner);
  }

  private row(partner: string): Row | undefined {
    return this.db.prepare(`SELECT * FROM market_webhook_secrets WHERE partner = ?`).get(partner) as
      Row | undefined;
  }
}
