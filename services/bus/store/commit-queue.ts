import type Database from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: work submitted during one turn of the event loop runs in ONE transaction, so one fsync
 * covers every PutEvents request that arrived meanwhile. Each unit runs in its own savepoint, so a unit
 * that throws is rolled back alone and only its caller sees the error.
 * A unit's promise resolves only after the enclosing COMMIT has returned, i.e. after it is durable.
 */
export class CommitQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly afterCommit: (() => void)[] = [];

  constructor(private readonly db: Database.Database) {}

  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Called once after every commit that wrote something (the runtime kicks the delivery worker). */
  onCommit(listener: () => void): void {
    this.afterCommit.push(listener);
  }

  /** Runs everything pending now; used by shutdown so that no accepted request is left uncommitted. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.db.transaction(() => {
        for (const unit of batch) {
          try {
            outcomes.push({ ok: true, value: this.db.transaction(unit.work)() });
          } catch (error) {
            outcomes.push({ ok: false, value: error });
          }
        }
      })();
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.value);
    });
    for (const listener of this.afterCommit) listener();
  }
}
