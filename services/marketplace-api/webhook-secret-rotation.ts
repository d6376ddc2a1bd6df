// Webhook secret rotation with a grace period: the new secret signs at once, the previous one
// keeps signing until the grace period ends, then is dropped. The secrets are kept sealed
// (the bus's SecretBox, AES-256-GCM) so that the grace period survives a restart: `resume()`
// re-applies them at start and re-arms the timer that ends the grace period. Where the sealed
// secrets live is a `SealedSecretStore`: SQLite locally, the request table on AWS.
// Each environment has its own secret, kept under `<partner>/<env>` (rotationKey), so that a test
// key's rotation never touches what production signs with. A row kept under the bare partner id
// is from before that, when one secret signed both: it still applies to both until each rotates.
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../bus/resources/secret-box.ts';
import type { Environment } from '../request-store/request-store.ts';
import type { DeliverySettings } from './delivery-settings.ts';
import { rotationKey } from './partner-registry.ts';
import { statement } from '../sqlite/statements.ts';

export interface SealedSecrets {
  /** `<partner>/<env>` (the bare partner id in rows written before secrets were per environment). */
  partner: string;
  currentSealed: string;
  previousSealed?: string;
  /** Epoch milliseconds. */
  previousExpiresAt?: number;
}

export interface SealedSecretStore {
  get(partner: string): Promise<SealedSecrets | undefined>;
  put(row: SealedSecrets): Promise<void>;
  /** Forgets the previous secret if its grace period ended by `now`. */
  dropPrevious(partner: string, now: number): Promise<void>;
  partners(): Promise<string[]>;
}

export class SqliteSealedSecrets implements SealedSecretStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_webhook_secrets (
      partner TEXT PRIMARY KEY, current_sealed TEXT NOT NULL, previous_sealed TEXT, previous_expires_at INTEGER)`);
  }

  async get(partner: string): Promise<SealedSecrets | undefined> {
    const row = statement(this.db, `SELECT * FROM market_webhook_secrets WHERE partner = ?`).get(partner) as
      | { current_sealed: string; previous_sealed: string | null; previous_expires_at: number | null }
      | undefined;
    if (!row) return undefined;
    return {
      partner,
      currentSealed: row.current_sealed,
      ...(row.previous_sealed ? { previousSealed: row.previous_sealed } : {}),
      ...(row.previous_expires_at !== null ? { previousExpiresAt: row.previous_expires_at } : {}),
    };
  }

  async put(row: SealedSecrets): Promise<void> {
    statement(
      this.db,
      `INSERT INTO market_webhook_secrets (partner, current_sealed, previous_sealed, previous_expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (partner) DO UPDATE SET current_sealed = excluded.current_sealed, previous_sealed = excluded.previous_sealed,
           previous_expires_at = excluded.previous_expires_at`,
    ).run(row.partner, row.currentSealed, row.previousSealed ?? null, row.previousExpiresAt ?? null);
  }

  async dropPrevious(partner: string, now: number): Promise<void> {
    statement(
      this.db,
      `UPDATE market_webhook_secrets SET previous_sealed = NULL WHERE partner = ? AND previous_expires_at <= ?`,
    ).run(partner, now);
  }

  async partners(): Promise<string[]> {
    return (
      statement(this.db, `SELECT partner FROM market_webhook_secrets`).all() as { partner: string }[]
    ).map((r) => r.partner);
  }
}

export interface Rotation {
  secret: string;
  createdAt: number;
  previousExpiresAt: number;
}

export class WebhookSecretRotation {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: SealedSecretStore,
    private readonly box: SecretBox,
    private readonly settings: Pick<DeliverySettings, 'setWebhookSecrets'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * `previous` is the secret in force before the first rotation (the catalogue's); later rotations
   * use the one kept here. Standard Webhooks secrets: `whsec_` + base64 of 24 random bytes.
   */
  async rotate(
    partner: string,
    environment: Environment,
    gracePeriodSeconds: number,
    previous: string | undefined,
  ): Promise<Rotation> {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const owner = rotationKey(partner, environment);
    const row = (await this.store.get(owner)) ?? (await this.store.get(partner));
    const old = row ? this.box.open(row.currentSealed) : previous;
    const createdAt = this.now();
    const previousExpiresAt = createdAt + gracePeriodSeconds * 1000;
    const keepOld = old !== undefined && gracePeriodSeconds > 0;
    await this.store.put({
      partner: owner,
      currentSealed: this.box.seal(secret),
      ...(keepOld ? { previousSealed: this.box.seal(old), previousExpiresAt } : {}),
    });
    await this.apply(owner);
    return { secret, createdAt, previousExpiresAt };
  }

  /**
   * At start: puts every rotated secret back on the bus and re-arms its timer. Rows of before
   * per-environment secrets (bare partner ids) sort first, so a later per-environment one wins.
   */
  async resume(): Promise<void> {
    const owners = await this.store.partners();
    const legacy = owners.filter((o) => !o.includes('/'));
    for (const owner of [...legacy, ...owners.filter((o) => o.includes('/'))]) await this.apply(owner);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async apply(owner: string): Promise<void> {
    const row = await this.store.get(owner);
    if (!row) return;
    clearTimeout(this.timers.get(owner));
    const secrets = [this.box.open(row.currentSealed)];
    const expiresAt = row.previousExpiresAt ?? 0;
    if (row.previousSealed && expiresAt > this.now()) {
      secrets.push(this.box.open(row.previousSealed));
      const timer = setTimeout(() => void this.expire(owner), Math.min(expiresAt - this.now(), 2 ** 31 - 1));
      timer.unref();
      this.timers.set(owner, timer);
    }
    const [partner = owner, environment] = owner.split('/') as [string, Environment | undefined];
    for (const env of environment ? [environment] : (['prod', 'test'] as const))
      await this.settings.setWebhookSecrets(partner, env, secrets);
  }

  private async expire(owner: string): Promise<void> {
    await this.store.dropPrevious(owner, this.now());
    await this.apply(owner);
  }
}
