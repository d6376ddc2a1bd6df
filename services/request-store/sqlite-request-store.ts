// The request store on SQLite (better-sqlite3), for `portico dev`. Tables are prefixed `market_`
// because they share the bus's database file (bus-delivery seam: each module creates its own).
import type Database from 'better-sqlite3';
import { statement } from '../sqlite/statements.ts';
import { transactionWriter, type SqliteWriter } from '../sqlite/writer.ts';
import {
  CursorError,
  type Assignment,
  type Environment,
  type ListQuery,
  type Page,
  type PartnerRequest,
  type RequestOverview,
  type RequestStatus,
  type RequestStore,
  type StatusChange,
  type StatusChangeResult,
} from './request-store.ts';

interface Row {
  seq: number;
  request_id: string;
  user_id: string;
  environment: Environment;
  detail: string;
  created_at: string;
  partner: string;
  status: RequestStatus;
  reason: string | null;
  updated_at: string;
}

const selectJoined = `SELECT r.seq, r.request_id, r.user_id, r.environment, r.detail, r.created_at,
  a.partner, a.status, a.reason, a.updated_at
  FROM market_requests r JOIN market_assignments a ON a.request_id = r.request_id`;
const selectOne = `${selectJoined} WHERE a.request_id = ? AND a.partner = ? AND a.environment = ?`;
const listAll = `${selectJoined} WHERE a.partner = ? AND a.environment = ? AND a.seq < ? ORDER BY a.seq DESC LIMIT ?`;
const listByStatus = `${selectJoined} WHERE a.partner = ? AND a.environment = ? AND a.status = ? AND a.seq < ?
  ORDER BY a.seq DESC LIMIT ?`;

export class SqliteRequestStore implements RequestStore {
  constructor(
    private readonly db: Database.Database,
    private readonly writer: SqliteWriter = transactionWriter(db),
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS market_requests (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        environment TEXT NOT NULL,
        detail TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS market_assignments (
        request_id TEXT NOT NULL REFERENCES market_requests(request_id),
        partner TEXT NOT NULL,
        environment TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        updated_at TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (request_id, partner, environment)
      );
      CREATE INDEX IF NOT EXISTS market_assignments_poll
        ON market_assignments (partner, environment, status, seq);
      CREATE INDEX IF NOT EXISTS market_assignments_list
        ON market_assignments (partner, environment, seq);
    `);
  }

  async record(request: StoredRequestInput, assignments: readonly Assignment[]): Promise<void> {
    await this.writer.write(() => {
      const inserted = statement(
        this.db,
        `INSERT INTO market_requests (request_id, user_id, environment, detail, created_at)
           VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING`,
      ).run(
        request.requestId,
        request.userId,
        request.environment,
        JSON.stringify(request.detail),
        request.createdAt,
      );
      if (inserted.changes === 0) return;
      const seq = Number(inserted.lastInsertRowid);
      const status = (request.detail['request_status'] as RequestStatus | undefined) ?? 'new';
      const add = statement(
        this.db,
        `INSERT OR IGNORE INTO market_assignments (request_id, partner, environment, status, updated_at, seq)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const a of assignments)
        add.run(request.requestId, a.partner, a.environment, status, request.createdAt, seq);
    });
  }

  async findForPartner(
    requestId: string,
    partner: string,
    environment: Environment,
  ): Promise<PartnerRequest | undefined> {
    const row = statement(this.db, selectOne).get(requestId, partner, environment) as Row | undefined;
    return row && toPartnerRequest(row);
  }

  async listForPartner(query: ListQuery): Promise<Page<PartnerRequest>> {
    const before = query.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(query.cursor);
    // Two texts, not `(? IS NULL OR a.status = ?)`: SQLite picks an index per statement, and only a
    // literal `a.status = ?` lets a poll for new requests walk the (partner, environment, status, seq) index.
    const rows = (
      query.status === undefined
        ? statement(this.db, listAll).all(query.partner, query.environment, before, query.limit + 1)
        : statement(this.db, listByStatus).all(
            query.partner,
            query.environment,
            query.status,
            before,
            query.limit + 1,
          )
    ) as Row[];
    const items = rows.slice(0, query.limit).map(toPartnerRequest);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return last ? { items, nextCursor: encodeCursor(last.seq) } : { items };
  }

  async changeStatus(change: StatusChange): Promise<StatusChangeResult> {
    return this.writer.write((): StatusChangeResult => {
      const updated = statement(
        this.db,
        `UPDATE market_assignments SET status = ?, reason = ?, updated_at = ?
         WHERE request_id = ? AND partner = ? AND environment = ? AND status = ?`,
      ).run(
        change.to,
        change.reason ?? null,
        change.at,
        change.requestId,
        change.partner,
        change.environment,
        change.from,
      );
      if (updated.changes === 0) {
        // The common miss (the consumer of the API's own status event): the status alone, no join.
        const current = statement(
          this.db,
          `SELECT status FROM market_assignments WHERE request_id = ? AND partner = ? AND environment = ?`,
        )
          .pluck()
          .get(change.requestId, change.partner, change.environment) as RequestStatus | undefined;
        return current === undefined ? { kind: 'not-found' } : { kind: 'stale', current };
      }
      const row = statement(this.db, selectOne).get(change.requestId, change.partner, change.environment) as
        Row | undefined;
      if (!row) return { kind: 'not-found' };
      return { kind: 'changed', request: toPartnerRequest(row) };
    });
  }

  async overview(requestId: string): Promise<RequestOverview | undefined> {
    const rows = statement(
      this.db,
      `${selectJoined} WHERE r.request_id = ? ORDER BY a.partner, a.environment`,
    ).all(requestId) as Row[];
    const request = statement(this.db, `SELECT * FROM market_requests WHERE request_id = ?`).get(
      requestId,
    ) as Pick<Row, 'request_id' | 'user_id' | 'environment' | 'detail' | 'created_at'> | undefined;
    if (!request) return undefined;
    return {
      request: {
        requestId: request.request_id,
        userId: request.user_id,
        environment: request.environment,
        detail: JSON.parse(request.detail) as Record<string, unknown>,
        createdAt: request.created_at,
      },
      assignments: rows.map((r) => ({
        partner: r.partner,
        environment: r.environment,
        status: r.status,
        updatedAt: r.updated_at,
        ...(r.reason === null ? {} : { reason: r.reason }),
      })),
    };
  }
}

type StoredRequestInput = Parameters<RequestStore['record']>[0];

function toPartnerRequest(row: Row): PartnerRequest {
  return {
    requestId: row.request_id,
    userId: row.user_id,
    environment: row.environment,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    createdAt: row.created_at,
    partner: row.partner,
    status: row.status,
    updatedAt: row.updated_at,
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}

function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof parsed.s === 'number' && Number.isSafeInteger(parsed.s) && parsed.s >= 0) return parsed.s;
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw new CursorError(`cursor "${cursor.slice(0, 40)}" is not one this API handed out`);
}
