import { sameResource } from '../arns.ts';
import type Database from 'better-sqlite3';
import type { SecretBox } from './secret-box.ts';

export interface ApiDestinationRecord {
  name: string;
  arn: string;
  description?: string;
  connectionArn: string;
  endpoint: string;
  httpMethod: string;
  invocationRateLimitPerSecond?: number;
  /** Standard Webhooks `whsec_` secrets to sign with (several during a rotation); sealed at rest. */
  webhookSecrets: string[];
  managedBy?: string;
  createdAt: number;
  modifiedAt: number;
}

interface Row {
  name: string;
  arn: string;
  description: string | null;
  connection_arn: string;
  endpoint: string;
  http_method: string;
  rate_limit: number | null;
  secrets_sealed: string | null;
  managed_by: string | null;
  created_at: number;
  modified_at: number;
}

export class ApiDestinationStore {
  private readonly cache = new Map<string, ApiDestinationRecord>();

  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_api_destinations (
      name TEXT PRIMARY KEY, arn TEXT NOT NULL, description TEXT, connection_arn TEXT NOT NULL, endpoint TEXT NOT NULL,
      http_method TEXT NOT NULL, rate_limit INTEGER, secrets_sealed TEXT, managed_by TEXT,
      created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL)`);
    for (const r of db.prepare('SELECT * FROM bus_api_destinations').all() as Row[]) {
      this.cache.set(r.name, {
        name: r.name,
        arn: r.arn,
        ...(r.description ? { description: r.description } : {}),
        connectionArn: r.connection_arn,
        endpoint: r.endpoint,
        httpMethod: r.http_method,
        ...(r.rate_limit !== null ? { invocationRateLimitPerSecond: r.rate_limit } : {}),
        webhookSecrets: r.secrets_sealed ? (JSON.parse(box.open(r.secrets_sealed)) as string[]) : [],
        ...(r.managed_by ? { managedBy: r.managed_by } : {}),
        createdAt: r.created_at,
        modifiedAt: r.modified_at,
      });
    }
  }

  get(name: string): ApiDestinationRecord | undefined {
    return this.cache.get(name);
  }

  byArn(arn: string): ApiDestinationRecord | undefined {
    for (const d of this.cache.values()) if (sameResource(d.arn, arn)) return d;
    return undefined;
  }

  list(): ApiDestinationRecord[] {
    return [...this.cache.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  put(d: ApiDestinationRecord): void {
    this.db
      .prepare(
        `INSERT INTO bus_api_destinations (name, arn, description, connection_arn, endpoint, http_method, rate_limit,
           secrets_sealed, managed_by, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET description = excluded.description, connection_arn = excluded.connection_arn,
           endpoint = excluded.endpoint, http_method = excluded.http_method, rate_limit = excluded.rate_limit,
           secrets_sealed = excluded.secrets_sealed, managed_by = excluded.managed_by, modified_at = excluded.modified_at`,
      )
      .run(
        d.name,
        d.arn,
        d.description ?? null,
        d.connectionArn,
        d.endpoint,
        d.httpMethod,
        d.invocationRateLimitPerSecond ?? null,
        d.webhookSecrets.length > 0 ? this.box.seal(JSON.stringify(d.webhookSecrets)) : null,
        d.managedBy ?? null,
        d.createdAt,
        d.modifiedAt,
      );
    this.cache.set(d.name, d);
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM bus_api_destinations WHERE name = ?').run(name);
    this.cache.delete(name);
  }
}
