import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommitQueue } from './commit-queue.ts';
import { openDatabase } from './open-database.ts';
import { StoreGuard, StoreUnavailableError } from './store-guard.ts';

const databases: [string, () => string][] = [
  ['in memory', () => ':memory:'],
  ['a file, fsynced off the main thread', () => join(mkdtempSync(join(tmpdir(), 'portico-commit-')), 'x.db')],
];

describe('CommitQueue', () => {
  it.each(databases)(
    'commits the work of one turn in one transaction, a unit that throws rolled back alone (%s)',
    async (_name, file) => {
      const db = openDatabase(file());
      db.exec('CREATE TABLE t (v TEXT)');
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      const commits = new CommitQueue(db);
      let committed = 0;
      commits.onCommit(() => committed++);
      const results = await Promise.allSettled([
        commits.submit(() => insert.run('a').changes),
        commits.submit(() => {
          insert.run('lost');
          throw new Error('this request fails');
        }),
        commits.submit(() => db.transaction(() => insert.run('b').changes)()),
      ]);
      expect(results).toEqual([
        { status: 'fulfilled', value: 1 },
        { status: 'rejected', reason: new Error('this request fails') },
        { status: 'fulfilled', value: 1 },
      ]);
      expect(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual(['a', 'b']);
      expect(committed).toBe(1);
      expect(db.inTransaction).toBe(false);
      db.close();
    },
  );
});

describe('CommitQueue.enlist', () => {
  it('runs work that needs no answer in the next commit, beside submitted work', async () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (v TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const commits = new CommitQueue(db);
    let committed = 0;
    commits.onCommit(() => committed++);
    commits.enlist(() => void insert.run('enlisted'));
    await commits.submit(() => insert.run('submitted'));
    expect(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual(['enlisted', 'submitted']);
    expect(committed).toBe(1);
    db.close();
  });

  it('tells the enlister when the commit failed: the store under it was deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-commit-'));
    const db = openDatabase(join(dir, 'x.db'));
    db.exec('CREATE TABLE t (v TEXT)');
    const commits = new CommitQueue(db, new StoreGuard(db));
    rmSync(join(dir, 'x.db'));
    const dropped = await new Promise<unknown>((resolve) =>
      commits.enlist(() => void db.prepare('INSERT INTO t VALUES (1)').run(), resolve),
    );
    expect(dropped).toBeInstanceOf(StoreUnavailableError);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
