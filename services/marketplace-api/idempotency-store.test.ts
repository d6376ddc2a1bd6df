// The SQLite idempotency store on a manual clock: replay and conflict within 24 hours, a new key after
// them (kept rows past their lifetime are ignored, then replaced), and the once-a-minute sweep.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { idempotencyLifetimeMs, SqliteIdempotencyStore } from './idempotency-store.ts';

const answer = (body: string) => ({ statusCode: 201, body });

function store() {
  const db = new Database(':memory:');
  let now = 1_000_000;
  const s = new SqliteIdempotencyStore(db, () => now);
  const rows = () => (db.prepare('SELECT count(*) AS n FROM market_idempotency').get() as { n: number }).n;
  return { s, rows, advance: (ms: number) => (now += ms) };
}

describe('SqliteIdempotencyStore', () => {
  it('replays the first answer for the same key and body, refuses another body', async () => {
    const { s } = store();
    expect(s.lookup('acme:test', 'k1', 'print-a')).toEqual({ kind: 'new' });
    await s.save('acme:test', 'k1', 'print-a', answer('first'));
    await s.save('acme:test', 'k1', 'print-a', answer('second'));
    expect(s.lookup('acme:test', 'k1', 'print-a')).toEqual({ kind: 'replay', answer: answer('first') });
    expect(s.lookup('acme:test', 'k1', 'print-b')).toEqual({ kind: 'conflict' });
    expect(s.lookup('other:test', 'k1', 'print-b')).toEqual({ kind: 'new' });
  });

  it('treats a key past its lifetime as new, and a new answer replaces the expired one', async () => {
    const { s, advance } = store();
    await s.save('acme:test', 'k1', 'print-a', answer('first'));
    advance(idempotencyLifetimeMs - 1);
    expect(s.lookup('acme:test', 'k1', 'print-b')).toEqual({ kind: 'conflict' });
    advance(2);
    expect(s.lookup('acme:test', 'k1', 'print-b')).toEqual({ kind: 'new' });
    await s.save('acme:test', 'k1', 'print-b', answer('after expiry'));
    expect(s.lookup('acme:test', 'k1', 'print-b')).toEqual({
      kind: 'replay',
      answer: answer('after expiry'),
    });
  });

  it('sweeps expired keys at most once a minute', async () => {
    const { s, rows, advance } = store();
    await s.save('acme:test', 'k1', 'p', answer('a'));
    advance(idempotencyLifetimeMs - 10_000);
    expect(s.lookup('acme:test', 'other', 'p')).toEqual({ kind: 'new' }); // sweeps: k1 still fresh
    advance(20_000); // k1 has expired, 20 s after the last sweep
    expect(s.lookup('acme:test', 'k1', 'p')).toEqual({ kind: 'new' });
    expect(rows()).toBe(1);
    advance(41_000); // a minute after the last sweep
    s.lookup('acme:test', 'other', 'p');
    expect(rows()).toBe(0);
  });
});
