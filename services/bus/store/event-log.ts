import type Database from 'better-sqlite3';

/** Where one accepted event went: the rule and target of each delivery it caused. */
export interface Routed {
  rule: string;
  targetId: string;
  targetArn: string;
}

export interface LoggedEvent {
  seq: number;
  id: string;
  bus: string;
  ingestedAt: number;
  source: string;
  detailType: string;
  event: string;
  routed: Routed[];
}

export interface NewLoggedEvent {
  id: string;
  bus: string;
  ingestedAt: number;
  source: string;
  detailType: string;
  event: string;
  routed: Routed[];
}

/** The bus's event log: every accepted event once (unique per bus and id), in acceptance order. */
export class EventLog {
  private readonly insertStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_events (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL, bus TEXT NOT NULL, ingested_at INTEGER NOT NULL,
      source TEXT NOT NULL, detail_type TEXT NOT NULL, event TEXT NOT NULL, routed TEXT NOT NULL,
      UNIQUE (bus, id))`);
    // OR IGNORE: an event forwarded to another bus keeps its id; a retried forward must not log it twice.
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO bus_events (id, bus, ingested_at, source, detail_type, event, routed)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Answers false when (bus, id) is already logged. Call inside the PutEvents transaction. */
  insert(e: NewLoggedEvent): boolean {
    return (
      this.insertStmt.run(
        e.id,
        e.bus,
        e.ingestedAt,
        e.source,
        e.detailType,
        e.event,
        JSON.stringify(e.routed),
      ).changes > 0
    );
  }

  has(bus: string, id: string): boolean {
    return this.db.prepare('SELECT 1 FROM bus_events WHERE bus = ? AND id = ?').get(bus, id) !== undefined;
  }

  /** The most recent events, oldest first; `afterSeq` for following the log. */
  recent(opts: { limit: number; afterSeq?: number; bus?: string }): LoggedEvent[] {
    const rows = this.db
      .prepare(`SELECT * FROM bus_events WHERE seq > ? AND (? IS NULL OR bus = ?) ORDER BY seq DESC LIMIT ?`)
      .all(opts.afterSeq ?? 0, opts.bus ?? null, opts.bus ?? null, opts.limit) as {
      seq: number;
      id: string;
      bus: string;
      ingested_at: number;
      source: string;
      detail_type: string;
      event: string;
      routed: string;
    }[];
    return rows.reverse().map((r) => ({
      seq: r.seq,
      id: r.id,
      bus: r.bus,
      ingestedAt: r.ingested_at,
      source: r.source,
      detailType: r.detail_type,
      event: r.event,
      routed: JSON.parse(r.routed) as Routed[],
    }));
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM bus_events').get() as { n: number }).n;
  }
}
