import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Opens the one SQLite file every part of the runtime shares (bus, delivery queue, local queues).
 *
 * `synchronous = FULL` in WAL mode fsyncs the WAL at every commit, so a transaction that has returned
 * survives a power cut as well as a `kill -9`; `NORMAL` would only survive the process dying
 * (https://www.sqlite.org/pragma.html#pragma_synchronous). The cost is one fsync per commit, which the
 * bus amortises by grouping concurrent PutEvents into one transaction (see commit-queue.ts).
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') {
    // The data directory holds sealed secrets, API key hashes and every event: owner only (0700),
    // and the database file 0600, whose mode SQLite gives its -wal and -shm files too.
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Fewer, larger checkpoints: a page the bus rewrites many times (the tail of the event log, of the
  // deliveries and their indexes) is copied to the database once per checkpoint, not once per 4 MB of WAL.
  // The WAL file is truncated back to 64 MB after a checkpoint, so it does not keep its peak size.
  db.pragma('wal_autocheckpoint = 8192');
  db.pragma('journal_size_limit = 67108864');
  // 32 MB of page cache (default 2 MB): the indexes' hot pages stay in memory under load.
  db.pragma('cache_size = -32768');
  // The commit queue runs each request in a savepoint, and a savepoint copies every page it changes
  // first (the hot tail pages, again for each request) into a sub-journal, which spills to a temporary
  // file past 64 KB: one pwrite(2) per copy. In memory it is a memcpy.
  db.pragma('temp_store = MEMORY');
  return db;
}
