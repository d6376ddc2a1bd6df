import type Database from 'better-sqlite3';

export interface LoggedEvent {
  seq: number;
  id: string;
  bus: string;
  ingestedAt: number;
  /** Set on an event a replay sent through the bus again (it keeps the original's id). */
  replayName?: string;
  event: string;
}

export interface NewLoggedEvent {
  id: string;
  bus: string;
  ingestedAt: number;
  replayName?: string;
  event: string;
}

/**
 * Every event the bus routed, once per (id, bus, replay) in acceptance order: the deliveries of an event
 * point at its row (`event_seq`), and those whose input is the whole event read it from here instead of
 * keeping a copy. Source, detail-type and where it went are not columns: they are read from the event
 * and its deliveries when someone looks, which is rare, while the bus writes a row per event.
 * `replay` is '' for an event that is not a replay, so that the unique key also holds for those.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS bus_events (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, bus TEXT NOT NULL, replay TEXT NOT NULL DEFAULT '',
  ingested_at INTEGER NOT NULL, event TEXT NOT NULL, UNIQUE (id, bus, replay))`;

/**
 * Creates the event log, first moving one of the previous layout over (a `routed` column and a unique
 * (bus, id)): rows keep their seq, so deliveries that point at them still do.
 */
export function createEventLog(db: Database.Database): void {
  const legacy = db.prepare(`SELECT 1 FROM pragma_table_info('bus_events') WHERE name = 'routed'`).get();
  if (!legacy) {
    db.exec(SCHEMA);
    return;
  }
  db.transaction(() => {
    db.exec(`ALTER TABLE bus_events RENAME TO bus_events_v1; ${SCHEMA};
      INSERT INTO bus_events (seq, id, bus, ingested_at, event)
        SELECT seq, id, bus, ingested_at, event FROM bus_events_v1;
      DROP TABLE bus_events_v1;`);
  })();
}

interface Row {
  seq: number;
  id: string;
  bus: string;
  replay: string;
  ingested_at: number;
  event: string;
}

export class EventLog {
  private readonly insertStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    createEventLog(db);
    // OR IGNORE: an event forwarded to another bus keeps its id; a retried forward must not log it twice.
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO bus_events (id, bus, replay, ingested_at, event) VALUES (?, ?, ?, ?, ?)`,
    );
  }

  /** The new row's seq, or undefined when (id, bus, replay) is already logged. Call inside the commit. */
  insert(e: NewLoggedEvent): number | undefined {
    const info = this.insertStmt.run(e.id, e.bus, e.replayName ?? '', e.ingestedAt, e.event);
    return info.changes > 0 ? Number(info.lastInsertRowid) : undefined;
  }

  /** The most recent events, oldest first; `afterSeq` for following the log. */
  recent(opts: { limit: number; afterSeq?: number; bus?: string }): LoggedEvent[] {
    const rows = this.db
      .prepare(
        `SELECT seq, id, bus, replay, ingested_at, event FROM bus_events
         WHERE seq > ? AND (? IS NULL OR bus = ?) ORDER BY seq DESC LIMIT ?`,
      )
      .all(opts.afterSeq ?? 0, opts.bus ?? null, opts.bus ?? null, opts.limit) as Row[];
    return rows.reverse().map((r) => ({
      seq: r.seq,
      id: r.id,
      bus: r.bus,
      ingestedAt: r.ingested_at,
      ...(r.replay ? { replayName: r.replay } : {}),
      event: r.event,
    }));
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM bus_events').get() as { n: number }).n;
  }
}
