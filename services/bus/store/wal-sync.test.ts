import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalSync } from './wal-sync.ts';

/** This process's descriptors open on `file` (Linux's /proc). */
function descriptorsOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

describe('WalSync', () => {
  it('keeps one descriptor across fsyncs, settles every caller, and closes it on flushSync', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-walsync-'));
    const file = join(dir, 'x.db-wal');
    writeFileSync(file, 'wal');
    const sync = new WalSync(file);
    const durable = () => new Promise<unknown>((resolve) => sync.durable(resolve));
    expect(await Promise.all(Array.from({ length: 20 }, durable))).toEqual(Array(20).fill(undefined));
    for (let i = 0; i < 5; i++) await durable();
    expect(descriptorsOn(file)).toBe(1);
    // flushSync while an fsync is on the thread pool: that fsync's end closes the descriptor.
    const running = durable();
    const waiting = durable();
    sync.flushSync();
    expect(await Promise.all([running, waiting])).toEqual([undefined, undefined]);
    expect(descriptorsOn(file)).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has nothing to do when the WAL is gone (the last connection closed and checkpointed)', async () => {
    const sync = new WalSync(join(tmpdir(), 'portico-walsync-none', 'x.db-wal'));
    expect(await new Promise((resolve) => sync.durable(resolve))).toBeUndefined();
    expect(() => sync.flushSync()).not.toThrow();
  });
});
