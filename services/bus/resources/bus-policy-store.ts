import type Database from 'better-sqlite3';

/** Each bus's resource-based policy (PutPermission, RemovePermission), as the JSON text AWS answers. */
export class BusPolicyStore {
  private readonly getStmt: Database.Statement;
  private readonly putStmt: Database.Statement;
  private readonly deleteStmt: Database.Statement;

  constructor(db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS bus_policies (bus TEXT PRIMARY KEY, policy TEXT NOT NULL)');
    this.getStmt = db.prepare('SELECT policy FROM bus_policies WHERE bus = ?');
    this.putStmt = db.prepare(
      'INSERT INTO bus_policies (bus, policy) VALUES (?, ?) ON CONFLICT (bus) DO UPDATE SET policy = excluded.policy',
    );
    this.deleteStmt = db.prepare('DELETE FROM bus_policies WHERE bus = ?');
  }

  get(bus: string): string | undefined {
    return (this.getStmt.get(bus) as { policy: string } | undefined)?.policy;
  }

  put(bus: string, policy: string): void {
    this.putStmt.run(bus, policy);
  }

  delete(bus: string): void {
    this.deleteStmt.run(bus);
  }
}
