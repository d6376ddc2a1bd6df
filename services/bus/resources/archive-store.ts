import type Database from 'better-sqlite3';
import { RuleMachine } from '../../pattern/index.ts';

export interface ArchiveRecord {
  name: string;
  bus: string;
  description?: string;
  eventPattern?: string;
  /** 0 keeps events forever (AWS's meaning). */
  retentionDays: number;
  createdAt: number;
}

interface ArchiveRow {
  name: string;
  bus: string;
  description: string | null;
  event_pattern: string | null;
  retention_days: number;
  created_at: number;
}

export interface ArchivedEvent {
  seq: number;
  ingestedAt: number;
  event: string;
}

/**
 * Archives and the events they keep. Each archive holds its own copy of the event text, so retention
 * and replay do not depend on the event log. Matching uses one RuleMachine per bus, as rules do.
 */
export class ArchiveStore {
  private readonly archives = new Map<string, ArchiveRecord>();
  private readonly machines = new Map<string, RuleMachine>();
  private readonly catchAll = new Map<string, Set<string>>();
  private readonly insertStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_archives (
        name TEXT PRIMARY KEY, bus TEXT NOT NULL, description TEXT, event_pattern TEXT,
        retention_days INTEGER NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS bus_archive_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, archive TEXT NOT NULL, ingested_at INTEGER NOT NULL, event TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS bus_archive_events_window ON bus_archive_events (archive, ingested_at, seq);`);
    this.insertStmt = db.prepare(
      'INSERT INTO bus_archive_events (archive, ingested_at, event) VALUES (?, ?, ?)',
    );
    for (const r of db.prepare('SELECT * FROM bus_archives').all() as ArchiveRow[]) this.cache(fromRow(r));
  }

  get(name: string): ArchiveRecord | undefined {
    return this.archives.get(name);
  }

  list(): ArchiveRecord[] {
    return [...this.archives.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  put(a: ArchiveRecord): void {
    this.db
      .prepare(
        `INSERT INTO bus_archives (name, bus, description, event_pattern, retention_days, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET description = excluded.description,
         event_pattern = excluded.event_pattern, retention_days = excluded.retention_days`,
      )
      .run(a.name, a.bus, a.description ?? null, a.eventPattern ?? null, a.retentionDays, a.createdAt);
    this.uncache(a.name);
    this.cache(a);
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM bus_archive_events WHERE archive = ?').run(name);
    this.db.prepare('DELETE FROM bus_archives WHERE name = ?').run(name);
    this.uncache(name);
  }

  /** Names of the archives on `bus` that keep this event. Replayed events are never archived again. */
  match(bus: string, event: Record<string, unknown>): string[] {
    if (event['replay-name'] !== undefined) return [];
    const all = this.catchAll.get(bus);
    const machine = this.machines.get(bus);
    const matched = machine && machine.size > 0 ? machine.match(event) : [];
    return all && all.size > 0 ? [...all, ...matched] : matched;
  }

  /** Call inside the PutEvents transaction. */
  append(archive: string, ingestedAt: number, eventJson: string): void {
    this.insertStmt.run(archive, ingestedAt, eventJson);
  }

  stats(name: string): { count: number; bytes: number } {
    const r = this.db
      .prepare(
        'SELECT count(*) AS n, coalesce(sum(length(event)), 0) AS b FROM bus_archive_events WHERE archive = ?',
      )
      .get(name) as { n: number; b: number };
    return { count: r.n, bytes: r.b };
  }

  /** Archived events of a time window after `afterSeq`, oldest first. */
  window(name: string, fromMs: number, toMs: number, afterSeq: number, limit: number): ArchivedEvent[] {
    return (
      this.db
        .prepare(
          `SELECT seq, ingested_at, event FROM bus_archive_events
           WHERE archive = ? AND ingested_at >= ? AND ingested_at <= ? AND seq > ? ORDER BY seq LIMIT ?`,
        )
        .all(name, fromMs, toMs, afterSeq, limit) as { seq: number; ingested_at: number; event: string }[]
    ).map((r) => ({ seq: r.seq, ingestedAt: r.ingested_at, event: r.event }));
  }

  /** Drops events older than each archive's retention; answers how many went. */
  expire(now = Date.now()): number {
    let removed = 0;
    for (const a of this.archives.values()) {
      if (a.retentionDays <= 0) continue;
      removed += this.db
        .prepare('DELETE FROM bus_archive_events WHERE archive = ? AND ingested_at < ?')
        .run(a.name, now - a.retentionDays * 86_400_000).changes;
    }
    return removed;
  }

  private cache(a: ArchiveRecord): void {
    this.archives.set(a.name, a);
    if (!a.eventPattern) {
      let set = this.catchAll.get(a.bus);
      if (!set) this.catchAll.set(a.bus, (set = new Set()));
      set.add(a.name);
      return;
    }
    let machine = this.machines.get(a.bus);
    if (!machine) this.machines.set(a.bus, (machine = new RuleMachine()));
    machine.add(a.name, a.eventPattern);
  }

  private uncache(name: string): void {
    const a = this.archives.get(name);
    if (!a) return;
    this.archives.delete(name);
    this.catchAll.get(a.bus)?.delete(name);
    this.machines.get(a.bus)?.remove(name);
  }
}

function fromRow(r: ArchiveRow): ArchiveRecord {
  return {
    name: r.name,
    bus: r.bus,
    ...(r.description ? { description: r.description } : {}),
    ...(r.event_pattern ? { eventPattern: r.event_pattern } : {}),
    retentionDays: r.retention_days,
    createdAt: r.created_at,
  };
}
