// Checkpoints the write-ahead log from a thread of its own. SQLite's automatic checkpoint runs inside
// the COMMIT that crosses its threshold, on the committing (main) thread: it copies every page the WAL
// holds into the database file and fsyncs both, a stall of tens of milliseconds that every request
// queued behind it waits out. Here the main connection turns that off and a second connection to the
// same file runs PASSIVE checkpoints every ten seconds: PASSIVE never waits for and never blocks the
// writer, so the main thread only ever appends to the WAL, and SQLite restarts the WAL from its start
// after a checkpoint that caught up, as it would have.
// https://www.sqlite.org/wal.html#checkpointing, https://www.sqlite.org/c3ref/wal_checkpoint_v2.html
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The thread's code: plain CommonJS, so the worker needs no TypeScript loader. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ closed: true });
});
parentPort.postMessage({ ready: true });
`;

/**
 * Ten seconds, not one: a checkpoint ends with an fsync of the database file, and each commit's WAL
 * fsync waits behind that writeback. Checkpointing every second put the mixed scenario's request p99 at
 * 400 events/s at 132 / 234 ms; every ten seconds, 47 / 38 ms (loadtest/RESULTS.md).
 */
const DEFAULT_INTERVAL_MS = 10_000;

export class WalCheckpointer {
  private constructor(private readonly worker: Worker) {}

  /** Turns off `db`'s automatic checkpoints and starts the thread; `db` must be a file database. */
  static async start(
    db: Database.Database,
    opts: { intervalMs?: number; onError?: (message: string) => void } = {},
  ): Promise<WalCheckpointer> {
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: {
        file: db.name,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        intervalMs: opts.intervalMs ?? DEFAULT_INTERVAL_MS,
      },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', () => resolve());
    });
    worker.on('message', (m: { error?: string }) => m.error && opts.onError?.(m.error));
    db.pragma('wal_autocheckpoint = 0');
    return new WalCheckpointer(worker);
  }

  /** Stops checkpointing and closes the thread's connection (before the main one closes, which checkpoints). */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) =>
      this.worker.on('message', (m: { closed?: boolean }) => m.closed && resolve()),
    );
    this.worker.postMessage('stop');
    await closed;
    await this.worker.terminate();
  }
}
