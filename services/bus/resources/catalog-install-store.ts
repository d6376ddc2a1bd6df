import type Database from 'better-sqlite3';
import type { SecretBox } from './secret-box.ts';

/** The kinds of resource the catalogue installs settings on, beside its rules. */
export type CatalogResourceKind = 'api-destination' | 'connection';

/**
 * What the catalogue last installed on each API destination and connection, field by field (secrets
 * included, so sealed like the resources themselves), and what the Marketplace API's self-service set
 * on them since. Comparing the first with what the catalogue asks for now tells a catalogue change
 * (re-apply the field) from one it did not make; of those, only the self-service values are kept
 * (a change forced through the EventBridge API is not recorded here, so the next install undoes it).
 */
type Table = 'bus_catalog_installs' | 'bus_self_service_fields';

export class CatalogInstallStore {
  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_catalog_installs (
      kind TEXT NOT NULL, name TEXT NOT NULL, fields_sealed TEXT NOT NULL, PRIMARY KEY (kind, name))`);
    db.exec(`CREATE TABLE IF NOT EXISTS bus_self_service_fields (
      kind TEXT NOT NULL, name TEXT NOT NULL, fields_sealed TEXT NOT NULL, PRIMARY KEY (kind, name))`);
  }

  /**
   * The fields self-service set on a resource (undefined: no record, a database from before records
   * were kept, where every change through the API counted as self-service).
   */
  selfService(kind: CatalogResourceKind, name: string): Record<string, unknown> | undefined {
    return this.read('bus_self_service_fields', kind, name);
  }

  /** Adds `fields` to what self-service set on the resource. */
  recordSelfService(kind: CatalogResourceKind, name: string, fields: Record<string, unknown>): void {
    this.write('bus_self_service_fields', kind, name, { ...this.selfService(kind, name), ...fields });
  }

  /** Replaces the whole record (the install keeps only the fields it kept). */
  putSelfService(kind: CatalogResourceKind, name: string, fields: Record<string, unknown>): void {
    this.write('bus_self_service_fields', kind, name, fields);
  }

  get(kind: CatalogResourceKind, name: string): Record<string, unknown> | undefined {
    return this.read('bus_catalog_installs', kind, name);
  }

  put(kind: CatalogResourceKind, name: string, fields: Record<string, unknown>): void {
    this.write('bus_catalog_installs', kind, name, fields);
  }

  private read(table: Table, kind: CatalogResourceKind, name: string): Record<string, unknown> | undefined {
    const row = this.db
      .prepare(`SELECT fields_sealed FROM ${table} WHERE kind = ? AND name = ?`)
      .get(kind, name) as { fields_sealed: string } | undefined;
    return row ? (JSON.parse(this.box.open(row.fields_sealed)) as Record<string, unknown>) : undefined;
  }

  private write(
    table: Table,
    kind: CatalogResourceKind,
    name: string,
    fields: Record<string, unknown>,
  ): void {
    this.db
      .prepare(
        `INSERT INTO ${table} (kind, name, fields_sealed) VALUES (?, ?, ?)
         ON CONFLICT (kind, name) DO UPDATE SET fields_sealed = excluded.fields_sealed`,
      )
      .run(kind, name, this.box.seal(JSON.stringify(fields)));
  }
}
