import { closeSync, fsync, fsyncSync, open, openSync } from 'node:fs';

type Done = (error?: unknown) => void;

/**
 * fsyncs the database's write-ahead log off the main thread (libuv's thread pool), one fsync at a time:
 * callers that ask while one runs wait for the next, which covers all of them (group commit).
 * fsync(2) flushes the file's data whichever descriptor it is called on, so this equals what
 * `synchronous = FULL` does after a WAL commit (https://www.sqlite.org/pragma.html#pragma_synchronous).
 *
 * The descriptor is opened at the first fsync and kept: each trip through the thread pool costs the main
 * thread a submission and a callback (~0.1 ms each on the 2-vCPU VM, measured with --cpu-prof), and an
 * open and a close around every fsync tripled them. SQLite keeps the WAL file (the same inode, truncated
 * at most) while its connection is open. `flushSync`, which shutdown calls before the database closes,
 * closes the descriptor; a later fsync opens it again. A missing WAL means the last connection closed,
 * which checkpoints into the database file and syncs it: nothing is left to do.
 */
export class WalSync {
  private running = false;
  private waiting: Done[] = [];
  private fd: number | undefined;
  /** flushSync ran while an fsync was on the thread pool: that fsync's end closes the descriptor. */
  private closeWhenIdle = false;

  constructor(private readonly file: string) {}

  /** Calls `done` once everything written to the WAL before this call is on disk. */
  durable(done: Done): void {
    this.waiting.push(done);
    if (!this.running) this.start();
  }

  /** A blocking fsync now (shutdown), which also settles every caller still waiting; closes the descriptor. */
  flushSync(): void {
    let error: unknown;
    try {
      const kept = this.fd;
      const fd = kept ?? openSync(this.file, 'r');
      try {
        fsyncSync(fd);
      } finally {
        // Not under an fsync still on the thread pool: a descriptor number closed there may be reused.
        if (kept === undefined) closeSync(fd);
        else if (this.running) this.closeWhenIdle = true;
        else this.closeKept();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') error = e;
    }
    const batch = this.waiting;
    this.waiting = [];
    for (const done of batch) done(error);
  }

  private closeKept(): void {
    this.closeWhenIdle = false;
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }

  private start(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.running = true;
    const finish = (error: NodeJS.ErrnoException | null): void => {
      this.running = false;
      if (this.closeWhenIdle) this.closeKept();
      const failure = error && error.code !== 'ENOENT' ? error : undefined;
      for (const done of batch) done(failure);
      if (this.waiting.length > 0 && !this.running) this.start();
    };
    const syncOn = (fd: number): void =>
      fsync(fd, (syncError) => {
        // Not trusted after an error: the next fsync opens the file again.
        if (syncError && this.fd === fd) this.closeKept();
        finish(syncError);
      });
    if (this.fd !== undefined) return syncOn(this.fd);
    open(this.file, 'r', (openError, fd) => {
      if (openError) return finish(openError);
      this.fd = fd;
      syncOn(fd);
    });
  }
}
