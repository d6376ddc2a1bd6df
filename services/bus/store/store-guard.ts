import { accessSync, constants, statSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** The database file is gone, replaced or unwritable: nothing written now could be found again. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/**
 * Notices when the database file under a running bus stops being the one it opened. SQLite keeps
 * writing to an open descriptor whose file was deleted (the inode lives until the process exits), so
 * without this check the bus would go on acknowledging events that vanish at the next start. Once the
 * file is missing, replaced (another inode at the path) or not writable, the guard stays failed: the bus
 * must be restarted on a sound data directory. Checked before and after each commit and before each
 * write request; one stat(2) and one access(2), a few microseconds.
 */
export class StoreGuard {
  private readonly file: string | undefined;
  private readonly identity: { dev: number; ino: number } | undefined;
  private failure: string | undefined;

  constructor(
    db: Database.Database,
    private readonly onFailure: (reason: string) => void = () => {},
  ) {
    if (db.memory) return;
    this.file = db.name;
    const { dev, ino } = statSync(db.name);
    this.identity = { dev, ino };
  }

  /** Why the store cannot be trusted any more, or undefined while it can. */
  problem(): string | undefined {
    if (this.failure !== undefined || this.file === undefined) return this.failure;
    const reason = this.inspect(this.file);
    if (reason !== undefined) {
      this.failure = reason;
      this.onFailure(reason);
    }
    return this.failure;
  }

  /** Throws StoreUnavailableError when the store cannot be trusted. */
  check(): void {
    const reason = this.problem();
    if (reason !== undefined) throw new StoreUnavailableError(reason);
  }

  private inspect(file: string): string | undefined {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return `The bus's database file ${file} was deleted while the bus ran; restart the bus.`;
    }
    if (stat.ino !== this.identity?.ino || stat.dev !== this.identity.dev)
      return `The bus's database file ${file} was replaced while the bus ran; restart the bus.`;
    try {
      accessSync(file, constants.W_OK);
    } catch {
      return `The bus's database file ${file} is no longer writable; restart the bus.`;
    }
    return undefined;
  }
}
