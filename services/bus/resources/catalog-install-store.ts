import type Database from 'better-sqlite3';
import type { SecretBox } from './secret-box.ts';

/** The kinds of resource the catalogue installs settings on, beside its rules. */
export type CatalogResourceKind = 'api-destination' | 'connection';

/**
 * What the catalogue last installed on each API destination and connection, field by field (secrets
 * included, so sealed like the resources themselves). Comparing it with what the catalogue asks for
 * now tells a catalogue change (re-apply the field) from a change made since through the API
 * (UpdateApiDestination, UpdateConnection, the Marketplace API's self-service: keep the field).
 */
export class CatalogInstallStore {
  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_catalog_installs (
      kind TEXT NOT NULL, name TEXT NOT NULL, fields_sealed TEXT NOT NULL, PRIMARY KEY (kind, name))`);
  }

  get(kind: CatalogResourceKind, name: string): Record<string, unknown> | undefined {
    const row = this.db
      .prepare('SELECT fields_sealed FROM bus_catalog_installs WHERE kind = ? AND name = ?')
      .get(kind, name) as { fields_sealed: string } | undefined;
    return row ? (JSON.parse(this.box.open(row.fields_sealed)) as Record<string, unknown>) : undefined;
  }

  put(kind: CatalogResourceKind, name: string, fields: Record<string, unknown>): void {
    this.db
      .prepare(
        `INSERT INTO bus_catalog_installs (kind, name, fields_sealed) VALUES (?, ?, ?)
         ON CONFLICT (kind, name) DO UPDATE SET fields_sealed = excluded.fields_sealed`,
      )
      .run(kind, name, this.box.seal(JSON.stringify(fields)));
  }
}
