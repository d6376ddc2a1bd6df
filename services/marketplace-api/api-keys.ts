// Partner API keys: one per partner and environment, stored only as SHA-256 hashes. A key is 256
// random bits, so a fast hash is enough (nothing to brute-force, unlike a password). For `portico
// dev`, keys are derived from a dev seed kept in the data dir (HMAC-SHA256(seed, "<partner>:<env>")),
// so the demo partners and a human can recompute them; on AWS keys are issued, never derived.
import type Database from 'better-sqlite3';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../request-store/request-store.ts';
import { statement } from '../sqlite/statements.ts';

export interface Caller {
  partner: string;
  environment: Environment;
}

export interface ApiKeyDirectory {
  identify(apiKey: string): Promise<Caller | undefined>;
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** `pk_test_<43 base64url chars>`: the environment is readable, the rest is secret. */
export function deriveDevApiKey(seed: Buffer, partner: string, environment: Environment): string {
  return `pk_${environment}_${createHmac('sha256', seed).update(`${partner}:${environment}`).digest('base64url')}`;
}

/** The dev seed at `<dataDir>/dev-seed` (mode 0600), created on first use. */
export function loadDevSeed(dataDir: string): Buffer {
  const file = join(dataDir, 'dev-seed');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export class SqliteApiKeys implements ApiKeyDirectory {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_api_keys (
      key_hash TEXT PRIMARY KEY, partner TEXT NOT NULL, environment TEXT NOT NULL,
      UNIQUE (partner, environment))`);
  }

  /** Replaces the partner's key for that environment (one key per partner and environment). */
  set(partner: string, environment: Environment, apiKey: string): void {
    this.db.transaction(() => {
      statement(this.db, `DELETE FROM market_api_keys WHERE partner = ? AND environment = ?`).run(
        partner,
        environment,
      );
      statement(this.db, `INSERT INTO market_api_keys (key_hash, partner, environment) VALUES (?, ?, ?)`).run(
        hashApiKey(apiKey),
        partner,
        environment,
      );
    })();
  }

  async identify(apiKey: string): Promise<Caller | undefined> {
    const row = statement(this.db, `SELECT partner, environment FROM market_api_keys WHERE key_hash = ?`).get(
      hashApiKey(apiKey),
    ) as Caller | undefined;
    return row && { partner: row.partner, environment: row.environment };
  }
}
