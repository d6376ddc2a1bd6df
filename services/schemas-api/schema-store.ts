// Registries, schemas and their versions for the local Schemas API, in the bus's SQLite database.
// A version is immutable; a schema is its versions (the latest one answers a Describe without a
// version). As on AWS, an update with the content of the latest version adds no version.
import type { Database } from 'better-sqlite3';

export interface RegistryRow {
  name: string;
  description: string | null;
  created: number;
}

export interface VersionRow {
  registry: string;
  name: string;
  version: number;
  type: string;
  content: string;
  description: string | null;
  created: number;
}

export class SchemaStore {
  constructor(private readonly db: Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS schema_registries (
        name TEXT PRIMARY KEY, description TEXT, created INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS schema_versions (
        registry TEXT NOT NULL REFERENCES schema_registries(name) ON DELETE CASCADE,
        name TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, content TEXT NOT NULL,
        description TEXT, created INTEGER NOT NULL, PRIMARY KEY (registry, name, version));`);
  }

  registry(name: string): RegistryRow | undefined {
    return this.db.prepare('SELECT * FROM schema_registries WHERE name = ?').get(name) as
      RegistryRow | undefined;
  }

  registries(prefix = ''): RegistryRow[] {
    return this.db
      .prepare("SELECT * FROM schema_registries WHERE name LIKE ? ESCAPE '\\' ORDER BY name")
      .all(likePrefix(prefix)) as RegistryRow[];
  }

  /** False when the registry exists already. */
  createRegistry(name: string, description: string | null, now: number): boolean {
    return (
      this.db.prepare('INSERT OR IGNORE INTO schema_registries VALUES (?, ?, ?)').run(name, description, now)
        .changes === 1
    );
  }

  deleteRegistry(name: string): boolean {
    const tx = this.db.transaction(() => {
      this.db.prepare('DELETE FROM schema_versions WHERE registry = ?').run(name);
      return this.db.prepare('DELETE FROM schema_registries WHERE name = ?').run(name).changes === 1;
    });
    return tx();
  }

  /** Every version of a schema, oldest first; empty when the schema does not exist. */
  versions(registry: string, name: string): VersionRow[] {
    return this.db
      .prepare('SELECT * FROM schema_versions WHERE registry = ? AND name = ? ORDER BY version')
      .all(registry, name) as VersionRow[];
  }

  /** The latest version of each schema of a registry, by name. */
  latest(registry: string, prefix = ''): (VersionRow & { count: number })[] {
    return this.db
      .prepare(
        `SELECT v.*, c.count FROM schema_versions v
         JOIN (SELECT name, MAX(version) AS version, COUNT(*) AS count FROM schema_versions
               WHERE registry = ? GROUP BY name) c ON c.name = v.name AND c.version = v.version
         WHERE v.registry = ? AND v.name LIKE ? ESCAPE '\\' ORDER BY v.name`,
      )
      .all(registry, registry, likePrefix(prefix)) as (VersionRow & { count: number })[];
  }

  /** Adds a version unless the content, type and description equal the latest; answers the latest. */
  putVersion(row: Omit<VersionRow, 'version'>): VersionRow {
    const tx = this.db.transaction(() => {
      const last = this.versions(row.registry, row.name).at(-1);
      if (
        last &&
        last.content === row.content &&
        last.type === row.type &&
        last.description === row.description
      )
        return last;
      const version: VersionRow = { ...row, version: (last?.version ?? 0) + 1 };
      this.db
        .prepare(
          'INSERT INTO schema_versions VALUES (@registry, @name, @version, @type, @content, @description, @created)',
        )
        .run(version);
      return version;
    });
    return tx();
  }

  deleteSchema(registry: string, name: string): boolean {
    return (
      this.db.prepare('DELETE FROM schema_versions WHERE registry = ? AND name = ?').run(registry, name)
        .changes > 0
    );
  }
}

function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
