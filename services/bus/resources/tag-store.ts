import type Database from 'better-sqlite3';

/** Tags on buses, rules, connections, API destinations and archives, by resource ARN (TagResource). */
export class TagStore {
  private readonly listStmt: Database.Statement;
  private readonly putStmt: Database.Statement;
  private readonly removeStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_tags (
      arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (arn, key))`);
    this.listStmt = db.prepare('SELECT key, value FROM bus_tags WHERE arn = ? ORDER BY rowid');
    this.putStmt = db.prepare(
      'INSERT INTO bus_tags (arn, key, value) VALUES (?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value',
    );
    this.removeStmt = db.prepare('DELETE FROM bus_tags WHERE arn = ? AND key = ?');
  }

  list(arn: string): { Key: string; Value: string }[] {
    return (this.listStmt.all(arn) as { key: string; value: string }[]).map((r) => ({
      Key: r.key,
      Value: r.value,
    }));
  }

  put(arn: string, tags: readonly { Key: string; Value: string }[]): void {
    this.db.transaction(() => {
      for (const t of tags) this.putStmt.run(arn, t.Key, t.Value);
    })();
  }

  remove(arn: string, keys: readonly string[]): void {
    this.db.transaction(() => {
      for (const k of keys) this.removeStmt.run(arn, k);
    })();
  }
}
