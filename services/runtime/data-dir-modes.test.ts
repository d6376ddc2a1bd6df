// The data directory holds sealed secrets, API key hashes, every event and uploaded documents: it
// is created owner-only (0700) and every file in it 0600, as `portico dev` leaves it.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { silentLogger } from '../api-gateway/logger.ts';
import { startMarketplace } from '../marketplace/start-marketplace.ts';
import { startRuntime } from './dev-runtime.ts';

const parent = mkdtempSync(join(tmpdir(), 'portico-modes-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? [join(dir, e.name), ...walk(join(dir, e.name))] : [join(dir, e.name)],
  );
}

it('creates the data directory 0700 and every file in it 0600', async () => {
  const dataDir = join(parent, 'data');
  const runtime = await startRuntime({ port: 0, dataDir, logger: pino({ level: 'silent' }) });
  const marketplace = await startMarketplace({ runtime, dataDir, demoPartners: false, log: silentLogger });
  try {
    const upload = await fetch(`${runtime.url}/portal/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: '%PDF-1.7',
    });
    expect(upload.status).toBe(201);
    const modes = Object.fromEntries(
      [dataDir, ...walk(dataDir)].map((p) => [
        p.slice(dataDir.length) || '/',
        (statSync(p).mode & 0o777).toString(8),
      ]),
    );
    expect(modes['/portico.db']).toBeDefined();
    for (const [path, mode] of Object.entries(modes))
      expect([path, mode]).toEqual([path, statSync(join(dataDir, path)).isDirectory() ? '700' : '600']);
  } finally {
    await marketplace.close();
    await runtime.close();
  }
});
