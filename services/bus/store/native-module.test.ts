import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.ts';

describe('better-sqlite3 (native module)', () => {
  it('loads its compiled binding and runs SQL', () => {
    const db = new Database(':memory:');
    expect(db.prepare('SELECT sqlite_version() AS v').get()).toMatchObject({
      v: expect.stringMatching(/^3\./),
    });
    db.close();
  });

  it('opens files in WAL mode with synchronous FULL (committed means on disk)', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'portico-db-')), 'x.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});
