import { close, closeSync, fsync, fsyncSync, open, openSync } from 'node:fs';

type Done = (error?: unknown) => void;

/**
 * fsyncs the database's write-ahead log off the main thread (libuv's thread pool), one fsync at a time:
 * callers that ask while one runs wait for the next, which covers all of them (group commit).
 * fsync(2) flushes the file's data whichever descriptor it is called on, so this equals what
 * `synchronous = FULL` does after a WAL commit (https://www.sqlite.org/pragma.html#pragma_synchronous).
 * The file is opened for each fsync, so no descriptor outlives the database. A missing WAL means the
 * last connection closed, which checkpoints into the database file and syncs it: nothing is left to do.
 */
export class WalSync {
  private running = false;
  private waiting: Done[] = [];

  constructor(private readonly file: string) {}

  /** Calls `done` once everything written to the WAL before this call is on disk. */
  durable(done: Done): void {
    this.waiting.push(done);
    if (!this.running) this.start();
  }

  /** A blocking fsync now (shutdown), which also settles every caller still waiting. */
  flushSync(): void {
    let error: unknown;
    try {
      const fd = openSync(this.file, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') error = e;
    }
    const batch = this.waiting;
    this.waiting = [];
    for (const done of batch) done(error);
  }

  private start(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.running = true;
    const finish = (error: NodeJS.ErrnoException | null): void => {
      this.running = false;
      const failure = error && error.code !== 'ENOENT' ? error : undefined;
      for (const done of batch) done(failure);
      if (this.waiting.length > 0 && !this.running) this.start();
    };
    open(this.file, 'r', (openError, fd) => {
      if (openError) return finish(openError);
      fsync(fd, (syncError) => close(fd, () => finish(syncError)));
    });
  }
}
