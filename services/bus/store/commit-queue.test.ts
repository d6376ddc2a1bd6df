import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommitQueue } from './commit-queue.ts';
import { openDatabase } from './open-database.ts';

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
