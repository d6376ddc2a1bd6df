// Idempotency keys (draft-ietf-httpapi-idempotency-key-header): per partner and environment, the
// first answer to a key is kept with a hash of its request; the same key and body get that answer
// again, the same key with another body is a conflict. Keys are kept 24 hours.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { statement } from '../sqlite/statements.ts';
import { transactionWriter, type SqliteWriter } from '../sqlite/writer.ts';

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

/** Expired keys are swept at most this often, not on every lookup (a sweep is a range delete). */
const sweepEveryMs = 60_000;

export class SqliteIdempotencyStore implements IdempotencyStore {
  private nextSweep = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
    private readonly writer: SqliteWriter = transactionWriter(db),
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_idempotency (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
      status_code INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,
      PRIMARY KEY (scope, key));
      CREATE INDEX IF NOT EXISTS market_idempotency_age ON market_idempotency (created_at)`);
  }

  lookup(scope: string, key: string, print: string): IdempotencyLookup {
    const oldest = this.now() - dayMs;
    this.sweep(oldest);
    const row = statement(
      this.db,
      `SELECT fingerprint, status_code, body FROM market_idempotency WHERE scope = ? AND key = ? AND created_at >= ?`,
    ).get(scope, key, oldest) as { fingerprint: string; status_code: number; body: string } | undefined;
    if (!row) return { kind: 'new' };
    if (row.fingerprint !== print) return { kind: 'conflict' };
    return { kind: 'replay', answer: { statusCode: row.status_code, body: row.body } };
  }

  async save(scope: string, key: string, print: string, answer: StoredAnswer): Promise<void> {
    const oldest = this.now() - dayMs;
    await this.writer.write(() => {
      // An expired key not yet swept is replaced: past its lifetime a key is new again.
      statement(this.db, `DELETE FROM market_idempotency WHERE scope = ? AND key = ? AND created_at < ?`).run(
        scope,
        key,
        oldest,
      );
      statement(
        this.db,
        `INSERT OR IGNORE INTO market_idempotency (scope, key, fingerprint, status_code, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(scope, key, print, answer.statusCode, answer.body, this.now());
    });
  }

  private sweep(oldest: number): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + sweepEveryMs;
    // Best effort: lookups skip expired keys anyway, so a failed sweep is only tried again soon.
    this.writer
      .write(() => statement(this.db, `DELETE FROM market_idempotency WHERE created_at < ?`).run(oldest))
      .catch(() => (this.nextSweep = 0));
  }
}
