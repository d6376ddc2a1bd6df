// Prepared statements kept per connection. `db.prepare` compiles the SQL every call (about as costly
// as running a small query), so a store that prepares per request pays twice; this compiles each SQL
// text once per database and hands back the same statement after.
import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function statement(db: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let st = statements.get(sql);
  if (!st) statements.set(sql, (st = db.prepare(sql)));
  return st;
}
