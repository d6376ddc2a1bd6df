// The portal's users and the status timeline it shows them: the portal's own tables.
import type Database from 'better-sqlite3';
import { statement } from '../sqlite/statements.ts';
import { transactionWriter, type SqliteWriter } from '../sqlite/writer.ts';

export interface TimelineEntry {
  partner: string;
  status: string;
  previousStatus: string;
  reason?: string;
  changedAt: string;
}

/** The portal's records: SQLite locally (`PortalRecords`), DynamoDB on AWS (dynamodb-portal-records.ts). */
export interface PortalRecordStore {
  addUser(userId: string, email: string, registeredAt: string): Promise<void> | void;
  hasUser(userId: string): Promise<boolean> | boolean;
  /** Idempotent on the event id: a redelivered status event adds nothing. */
  addStatus(eventId: string, requestId: string, entry: TimelineEntry): Promise<void> | void;
  timeline(requestId: string): Promise<TimelineEntry[]> | TimelineEntry[];
}

export class PortalRecords implements PortalRecordStore {
  constructor(
    private readonly db: Database.Database,
    private readonly writer: SqliteWriter = transactionWriter(db),
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_portal_users (user_id TEXT PRIMARY KEY, email TEXT NOT NULL, registered_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS market_portal_timeline (
        event_id TEXT PRIMARY KEY, request_id TEXT NOT NULL, partner TEXT NOT NULL, status TEXT NOT NULL,
        previous_status TEXT NOT NULL, reason TEXT, changed_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS market_portal_timeline_request ON market_portal_timeline (request_id, changed_at);`);
  }

  async addUser(userId: string, email: string, registeredAt: string): Promise<void> {
    await this.writer.write(() =>
      statement(
        this.db,
        `INSERT INTO market_portal_users (user_id, email, registered_at) VALUES (?, ?, ?)`,
      ).run(userId, email, registeredAt),
    );
  }

  hasUser(userId: string): boolean {
    return (
      statement(this.db, `SELECT 1 FROM market_portal_users WHERE user_id = ?`).get(userId) !== undefined
    );
  }

  /** Idempotent on the event id: a redelivered status event adds nothing. */
  async addStatus(eventId: string, requestId: string, entry: TimelineEntry): Promise<void> {
    await this.writer.write(() =>
      statement(
        this.db,
        `INSERT OR IGNORE INTO market_portal_timeline (event_id, request_id, partner, status, previous_status, reason, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        eventId,
        requestId,
        entry.partner,
        entry.status,
        entry.previousStatus,
        entry.reason ?? null,
        entry.changedAt,
      ),
    );
  }

  timeline(requestId: string): TimelineEntry[] {
    const rows = statement(
      this.db,
      `SELECT * FROM market_portal_timeline WHERE request_id = ? ORDER BY changed_at, event_id`,
    ).all(requestId) as Record<string, string | null>[];
    return rows.map((r) => ({
      partner: String(r['partner']),
      status: String(r['status']),
      previousStatus: String(r['previous_status']),
      ...(r['reason'] ? { reason: r['reason'] } : {}),
      changedAt: String(r['changed_at']),
    }));
  }
}
