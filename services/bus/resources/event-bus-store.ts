import type Database from 'better-sqlite3';

export interface EventBusRecord {
  name: string;
  description?: string;
  createdAt: number;
  modifiedAt: number;
}

/** Event buses; `default` always exists (as in every AWS account). Cached: PutEvents looks buses up per entry. */
export class EventBusStore {
  private readonly cache = new Map<string, EventBusRecord>();

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_event_buses (
      name TEXT PRIMARY KEY, description TEXT, created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL)`);
    const now = Date.now();
    db.prepare('INSERT OR IGNORE INTO bus_event_buses (name, created_at, modified_at) VALUES (?, ?, ?)').run(
      'default',
      now,
      now,
    );
    const rows = db.prepare('SELECT * FROM bus_event_buses').all() as {
      name: string;
      description: string | null;
      created_at: number;
      modified_at: number;
    }[];
    for (const r of rows) {
      this.cache.set(r.name, {
        name: r.name,
        ...(r.description ? { description: r.description } : {}),
        createdAt: r.created_at,
        modifiedAt: r.modified_at,
      });
    }
  }

  get(name: string): EventBusRecord | undefined {
    return this.cache.get(name);
  }

  list(): EventBusRecord[] {
    return [...this.cache.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  create(name: string, description?: string): EventBusRecord {
    const now = Date.now();
    this.db
      .prepare('INSERT INTO bus_event_buses (name, description, created_at, modified_at) VALUES (?, ?, ?, ?)')
      .run(name, description ?? null, now, now);
    const record = { name, ...(description ? { description } : {}), createdAt: now, modifiedAt: now };
    this.cache.set(name, record);
    return record;
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM bus_event_buses WHERE name = ?').run(name);
    this.cache.delete(name);
  }
}
