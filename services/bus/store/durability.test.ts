import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { describe, expect, it } from 'vitest';

const child = new URL('../testing/crash-child.ts', import.meta.url).pathname;

function start(file: string): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`crash child exited early (${code})`)));
    proc.stdout!.once('data', (chunk: Buffer) => resolve({ proc, port: Number(chunk.toString().trim()) }));
  });
}

const body = (i: number): string =>
  JSON.stringify({
    Entries: Array.from({ length: 10 }, (_, k) => ({
      Source: 'crash',
      DetailType: 'load',
      Detail: JSON.stringify({ i, k }),
    })),
  });

describe('durability under kill -9', () => {
  it('keeps every accepted event exactly once, with its deliveries, across a SIGKILL mid-load', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-crash-')), 'portico.db');
    const { proc, port } = await start(file);
    proc.removeAllListeners('exit');
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 16 });
    const accepted: string[] = [];
    let stop = false;
    let i = 0;
    const worker = async (): Promise<void> => {
      while (!stop) {
        try {
          const res = await pool.request({
            path: '/',
            method: 'POST',
            headers: { 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
            body: body(i++),
          });
          const out = (await res.body.json()) as { Entries: { EventId?: string }[] };
          for (const e of out.Entries) if (e.EventId) accepted.push(e.EventId);
        } catch {
          return; // the process died under us: whatever had no answer was never accepted
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, worker));
    while (accepted.length < 3000) await new Promise((r) => setTimeout(r, 20));
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    stop = true;
    await load;
    await pool.destroy();

    // Restart on the same file: the bus must open it (WAL recovery) and serve again.
    const again = await start(file);
    again.proc.removeAllListeners('exit');
    again.proc.kill('SIGTERM');
    await new Promise((r) => again.proc.once('exit', r));

    const db = new Database(file, { readonly: true });
    const logged = new Map<string, number>();
    for (const row of db.prepare('SELECT id, count(*) AS n FROM bus_events GROUP BY id').all() as {
      id: string;
      n: number;
    }[]) {
      logged.set(row.id, row.n);
    }
    const missing = accepted.filter((id) => !logged.has(id));
    const twice = [...logged].filter(([, n]) => n > 1);
    const deliveryCounts = new Map<string, number>();
    for (const row of db
      .prepare('SELECT event_id, count(*) AS n FROM deliveries GROUP BY event_id')
      .all() as { event_id: string; n: number }[]) {
      deliveryCounts.set(row.event_id, row.n);
    }
    db.close();
    expect(accepted.length).toBeGreaterThanOrEqual(3000);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    expect(accepted.filter((id) => deliveryCounts.get(id) !== 2)).toEqual([]);
  });
});
