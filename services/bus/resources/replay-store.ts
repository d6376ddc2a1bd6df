import type Database from 'better-sqlite3';

export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface ReplayRecord {
  name: string;
  description?: string;
  archive: string;
  eventSourceArn: string;
  destination: { Arn: string; FilterArns?: string[] };
  eventStartTime: number;
  eventEndTime: number;
  state: ReplayState;
  stateReason?: string;
  /** Last archive row replayed: the runner resumes after it, so a restart neither skips nor repeats. */
  cursor: number;
  eventLastReplayedTime?: number;
  replayStartTime: number;
  replayEndTime?: number;
}

interface Row {
  name: string;
  body: string;
}

/** Replays, one JSON document a row: small, rarely written, never queried by field. */
export class ReplayStore {
  private readonly cache = new Map<string, ReplayRecord>();
  private readonly saveStmt: Database.Statement;

  constructor(db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS bus_replays (name TEXT PRIMARY KEY, body TEXT NOT NULL)');
    this.saveStmt = db.prepare(
      'INSERT INTO bus_replays (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body',
    );
    for (const r of db.prepare('SELECT * FROM bus_replays').all() as Row[]) {
      this.cache.set(r.name, JSON.parse(r.body) as ReplayRecord);
    }
  }

  get(name: string): ReplayRecord | undefined {
    return this.cache.get(name);
  }

  list(): ReplayRecord[] {
    return [...this.cache.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  save(r: ReplayRecord): void {
    this.saveStmt.run(r.name, JSON.stringify(r));
    this.cache.set(r.name, r);
  }
}
