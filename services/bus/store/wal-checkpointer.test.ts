// The checkpointer thread really moves the WAL's pages into the database file: with automatic
// checkpoints off, the file stays at its first pages until the thread runs.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fill(db: Database.Database, rows: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run('x'.repeat(200));
  })();
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('WalCheckpointer', () => {
  it('copies committed pages into the database file from its own thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-ckpt-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'p.db'));
    const checkpointer = await WalCheckpointer.start(db, { intervalMs: 20 });
    const before = statSync(join(dir, 'p.db')).size;
    fill(db, 2_000); // about 100 pages, all in the WAL until a checkpoint
    expect(await until(() => statSync(join(dir, 'p.db')).size > before + 100 * 4096, 5_000)).toBe(true);
    await checkpointer.stop();
    expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(2_000);
    db.close();
  });

  it('leaves the main connection without automatic checkpoints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-ckpt-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'p.db'));
    // Low enough that 2,000 rows (about 100 pages) would cross it: if start() left automatic
    // checkpoints on, the file would grow.
    db.pragma('wal_autocheckpoint = 50');
    const checkpointer = await WalCheckpointer.start(db, { intervalMs: 60_000 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(join(dir, 'p.db')).size;
    fill(db, 2_000);
    expect(statSync(join(dir, 'p.db')).size).toBe(before);
    await checkpointer.stop();
    db.close();
  });
});
