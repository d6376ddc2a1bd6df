// How a store commits a write. Alone (tests, tools) each write is its own transaction, made durable
// by the connection's `synchronous` setting before it returns. Inside `portico dev` the stores share
// the bus's database and write through its commit queue (services/bus/store/commit-queue.ts): writes
// of the same turn of the event loop commit as one transaction, and the fsync runs off the main
// thread; the promise still resolves only once the write is on disk.
import type Database from 'better-sqlite3';

export interface SqliteWriter {
  /** Runs `work` in a transaction (or a savepoint of a larger one); resolves once it is durable. */
  write<T>(work: () => T): Promise<T>;
}

export function transactionWriter(db: Database.Database): SqliteWriter {
  return { write: async (work) => db.transaction(work)() };
}
