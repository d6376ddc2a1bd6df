import { sameResource } from '../arns.ts';
import type Database from 'better-sqlite3';
import type { SecretBox } from './secret-box.ts';

export type AuthorizationType = 'API_KEY' | 'BASIC' | 'OAUTH_CLIENT_CREDENTIALS';
/** The ConnectionState values the local bus uses (of the service model's nine; connection-authorization.ts). */
export type ConnectionState = 'AUTHORIZING' | 'AUTHORIZED' | 'DEAUTHORIZED';

export interface ConnectionRecord {
  name: string;
  arn: string;
  description?: string;
  authorizationType: AuthorizationType;
  /** AWS's CreateConnection AuthParameters shape, secrets included; stored sealed. */
  authParameters: Record<string, unknown>;
  managedBy?: string;
  /** Absent on rows written before states were kept: those were AUTHORIZED. */
  state?: ConnectionState;
  stateReason?: string;
  /** When a token (OAuth) or the credentials (API key, basic) were last accepted. */
  authorizedAt?: number;
  createdAt: number;
  modifiedAt: number;
}

interface ConnectionRow {
  name: string;
  arn: string;
  description: string | null;
  authorization_type: AuthorizationType;
  auth_sealed: string;
  managed_by: string | null;
  state: ConnectionState | null;
  state_reason: string | null;
  authorized_at: number | null;
  created_at: number;
  modified_at: number;
}

/** Connections (credentials for API destinations). Auth parameters are sealed with AES-256-GCM at rest. */
export class ConnectionStore {
  private readonly cache = new Map<string, ConnectionRecord>();

  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_connections (
      name TEXT PRIMARY KEY, arn TEXT NOT NULL, description TEXT, authorization_type TEXT NOT NULL,
      auth_sealed TEXT NOT NULL, managed_by TEXT, created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL)`);
    // Added with connection states (issue #17): files written before get the columns, empty.
    const columns = new Set(
      (db.prepare('PRAGMA table_info(bus_connections)').all() as { name: string }[]).map((c) => c.name),
    );
    for (const [column, type] of [
      ['state', 'TEXT'],
      ['state_reason', 'TEXT'],
      ['authorized_at', 'INTEGER'],
    ] as const) {
      if (!columns.has(column)) db.exec(`ALTER TABLE bus_connections ADD COLUMN ${column} ${type}`);
    }
    for (const r of db.prepare('SELECT * FROM bus_connections').all() as ConnectionRow[]) {
      this.cache.set(r.name, {
        name: r.name,
        arn: r.arn,
        ...(r.description ? { description: r.description } : {}),
        authorizationType: r.authorization_type,
        authParameters: JSON.parse(box.open(r.auth_sealed)) as Record<string, unknown>,
        ...(r.managed_by ? { managedBy: r.managed_by } : {}),
        ...(r.state ? { state: r.state } : {}),
        ...(r.state_reason ? { stateReason: r.state_reason } : {}),
        ...(r.authorized_at !== null ? { authorizedAt: r.authorized_at } : {}),
        createdAt: r.created_at,
        modifiedAt: r.modified_at,
      });
    }
  }

  get(name: string): ConnectionRecord | undefined {
    return this.cache.get(name);
  }

  byArn(arn: string): ConnectionRecord | undefined {
    for (const c of this.cache.values()) if (sameResource(c.arn, arn)) return c;
    return undefined;
  }

  list(): ConnectionRecord[] {
    return [...this.cache.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  put(c: ConnectionRecord): void {
    this.db
      .prepare(
        `INSERT INTO bus_connections (name, arn, description, authorization_type, auth_sealed, managed_by, state,
         state_reason, authorized_at, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET description = excluded.description,
         authorization_type = excluded.authorization_type, auth_sealed = excluded.auth_sealed,
         managed_by = excluded.managed_by, state = excluded.state, state_reason = excluded.state_reason,
         authorized_at = excluded.authorized_at, modified_at = excluded.modified_at`,
      )
      .run(
        c.name,
        c.arn,
        c.description ?? null,
        c.authorizationType,
        this.box.seal(JSON.stringify(c.authParameters)),
        c.managedBy ?? null,
        c.state ?? null,
        c.stateReason ?? null,
        c.authorizedAt ?? null,
        c.createdAt,
        c.modifiedAt,
      );
    this.cache.set(c.name, c);
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM bus_connections WHERE name = ?').run(name);
    this.cache.delete(name);
  }
}
