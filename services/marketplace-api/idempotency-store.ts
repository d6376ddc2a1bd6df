// Idempotency keys (draft-ietf-httpapi-idempotency-key-header): per partner and environment, the
// first answer to a key is kept with a hash of its request; the same key and body get that answer
// again, the same key with another body is a conflict. Keys are kept 24 hours.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

export interface StoredAnswer {
  statusCode: number;
  body: string;
}

export type IdempotencyLookup =
  { kind: 'new' } | { kind: 'replay'; answer: StoredAnswer } | { kind: 'conflict' };

export const idempotencyLifetimeMs = 24 * 60 * 60 * 1000;
const dayMs = idempotencyLifetimeMs;

/** Where first answers are kept: SQLite locally, DynamoDB on AWS (dynamodb-idempotency-store.ts). */
export interface IdempotencyStore {
  lookup(scope: string, key: string, print: string): Promise<IdempotencyLookup> | IdempotencyLookup;
  /** Keeps the first answer only: a second save of the same scope and key changes nothing. */
  save(scope: string, key: string, print: string, answer: StoredAnswer): Promise<void> | void;
}

export function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export class SqliteIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_idempotency (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
      status_code INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,
      PRIMARY KEY (scope, key))`);
  }

  lookup(scope: string, key: string, print: string): IdempotencyLookup {
    this.db.prepare(`DELETE FROM market_idempotency WHERE created_at < ?`).run(this.now() - dayMs);
    const row = this.db
      .prepare(`SELECT fingerprint, status_code, body FROM market_idempotency WHERE scope = ? AND key = ?`)
      .get(scope, key) as { fingerprint: string; status_code: number; body: string } | undefined;
    if (!row) return { kind: 'new' };
    if (row.fingerprint !== print) return { kind: 'conflict' };
    return { kind: 'replay', answer: { statusCode: row.status_code, body: row.body } };
  }

  save(scope: string, key: string, print: string, answer: StoredAnswer): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO market_idempotency (scope, key, fingerprint, status_code, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(scope, key, print, answer.statusCode, answer.body, this.now());
  }
}
