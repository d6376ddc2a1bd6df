// A crash mid-delivery resumes, at least once, with the same webhook-id: a worker in a child process is
// SIGKILLed while the partner holds its request; a new worker on the same database file sends it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../bus/store/open-database.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import { newDelivery } from './testing/fixtures.ts';
import { startScriptedServer } from './testing/scripted-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'portico-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startChild(file: string, endpoint: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url)),
      file,
      endpoint,
      'crash-partner',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`crash child exited early with ${code}`)));
  });
}

describe('crash mid-delivery', () => {
  it('is delivered again after a SIGKILL, with the same webhook-id, and then succeeds', async () => {
    const file = join(dir, 'portico.db');
    let requests = 0;
    let arrived: () => void = () => {};
    const firstArrived = new Promise<void>((r) => (arrived = r));
    const partner = await startScriptedServer([], (_req, res) => {
      if (++requests === 1) {
        arrived(); // hold the first request: the worker is killed while it waits for the answer
        return true;
      }
      res.writeHead(200);
      res.end('ok');
      return true;
    });
    const db = openDatabase(file);
    const queue = new DeliveryQueue(db);
    const targetArn = 'arn:aws:events:eu-west-1:000000000000:api-destination/crash-partner/d0000000';
    queue.enqueue([newDelivery({ targetArn, eventTime: Date.now() })]);

    const first = await startChild(file, `${partner.url}/hook`);
    await firstArrived;
    expect(queue.counts()['in-flight']).toBe(1);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const second = await startChild(file, `${partner.url}/hook`);
    try {
      await expect.poll(() => queue.counts().succeeded, { timeout: 20_000 }).toBe(1);
    } finally {
      second.kill('SIGKILL');
    }
    const ids = partner.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[0]).toBe(queue.list()[0]?.webhookId);
    db.close();
    await partner.close();
  });
});
