import type Database from 'better-sqlite3';
import type { StoreGuard } from './store-guard.ts';
import { WalSync } from './wal-sync.ts';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Committed {
  unit: Pending;
  ok: boolean;
  value: unknown;
}

const ignore = (): void => undefined;

/**
 * Group commit: work submitted while nothing is being committed runs, at the next turn of the event loop,
 * in ONE transaction. Each unit runs in its own savepoint, so a unit that throws is rolled back alone and
 * only its caller sees the error.
 *
 * A unit's promise resolves only once its transaction is on disk. The COMMIT itself is written with
 * `synchronous = NORMAL` (into the OS, which a `kill -9` cannot lose), and the fsync that FULL would have
 * run on the main thread runs on libuv's thread pool (`WalSync`), so the main thread never waits for the
 * disk. Work submitted during that fsync accumulates and commits as one transaction when it returns:
 * under load, one commit and one fsync cover many requests. A power cut may lose a commit whose fsync had
 * not returned: its callers had no answer yet (as with FULL), though the worker may already have sent its
 * deliveries (at least once; the client retries an unanswered PutEvents).
 */
export class CommitQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly afterCommit: (() => void)[] = [];
  private readonly sync: WalSync | undefined;
  private readonly setNormal: Database.Statement | undefined;
  private readonly getSync: Database.Statement | undefined;
  private readonly restore = new Map<number, Database.Statement>();
  /** Transaction control, prepared once (db.transaction() would build new wrappers for every unit). */
  private readonly tx: Record<
    'begin' | 'commit' | 'rollback' | 'unit' | 'release' | 'undo',
    Database.Statement
  >;
  /** A commit's fsync is running: work submitted meanwhile waits for it and commits in one go. */
  private syncing = false;

  constructor(
    private readonly db: Database.Database,
    /** Checked before and after each commit: nothing is acknowledged once the file is gone. */
    private readonly guard?: StoreGuard,
  ) {
    this.tx = {
      begin: db.prepare('BEGIN'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      unit: db.prepare('SAVEPOINT unit'),
      release: db.prepare('RELEASE unit'),
      undo: db.prepare('ROLLBACK TO unit'),
    };
    if (!db.memory) {
      this.sync = new WalSync(`${db.name}-wal`);
      this.setNormal = db.prepare('PRAGMA synchronous = NORMAL');
      this.getSync = db.prepare('PRAGMA synchronous').pluck();
    }
  }

  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * Work that needs no answer and no wait for the disk (the delivery worker's outcomes): it joins the
   * next commit, so that the pages it shares with that commit's writes go to the WAL once. It must not
   * throw (a throw rolls it back alone). `dropped` hears of a commit that failed before or after it ran.
   */
  enlist(work: () => void, dropped: (error: unknown) => void = ignore): void {
    this.pending.push({ work, resolve: ignore, reject: dropped });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.syncing) return;
    this.scheduled = true;
    setImmediate(() => this.commit(false));
  }

  /** Called after every commit that wrote something, once it is durable (the runtime kicks the worker). */
  onCommit(listener: () => void): void {
    this.afterCommit.push(listener);
  }

  /**
   * Commits everything pending now and waits for the disk (a synchronous fsync); used by shutdown so
   * that no accepted request is left uncommitted.
   */
  flush(): void {
    this.commit(true);
  }

  private commit(wait: boolean): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) {
      if (wait) this.sync?.flushSync();
      return;
    }
    this.pending = [];
    try {
      this.guard?.check();
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    const committed: Committed[] = [];
    const previous = this.getSync?.get() as number | undefined;
    this.setNormal?.run();
    const { tx } = this;
    let began = false;
    try {
      tx.begin.run();
      began = true;
      for (const unit of batch) {
        tx.unit.run();
        try {
          const value = unit.work();
          tx.release.run();
          committed.push({ unit, ok: true, value });
        } catch (error) {
          tx.undo.run();
          tx.release.run();
          committed.push({ unit, ok: false, value: error });
        }
      }
      tx.commit.run();
    } catch (error) {
      if (began && this.db.inTransaction) tx.rollback.run();
      for (const unit of batch) unit.reject(error);
      return;
    } finally {
      if (previous !== undefined) this.setSyncLevel(previous);
    }
    const settle = (error?: unknown): void => {
      // Written, and synced, but to a file that may no longer be the one a restart opens.
      if (error === undefined) {
        try {
          this.guard?.check();
        } catch (gone) {
          error = gone;
        }
      }
      for (const c of committed) {
        if (error !== undefined) c.unit.reject(error);
        else if (c.ok) c.unit.resolve(c.value);
        else c.unit.reject(c.value);
      }
      if (error === undefined) for (const listener of this.afterCommit) listener();
    };
    if (!this.sync) settle();
    else if (wait) {
      this.sync.flushSync();
      settle();
    } else {
      // Until this fsync returns, new work only accumulates: its answer could not come before the next
      // fsync anyway, and one larger commit writes each hot page to the WAL once instead of per turn.
      this.syncing = true;
      this.sync.durable((error) => {
        this.syncing = false;
        settle(error);
        if (this.pending.length > 0) this.schedule();
      });
    }
  }

  private setSyncLevel(level: number): void {
    let st = this.restore.get(level);
    if (!st) this.restore.set(level, (st = this.db.prepare(`PRAGMA synchronous = ${Number(level)}`)));
    st.run();
  }
}
