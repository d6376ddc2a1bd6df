// Attacks on the operator's views over HTTP, against the runtime of `portico dev` on a free port: a
// DNS-rebinding page (a foreign Host), a cross-site form or fetch (a foreign Origin on a change), and
// what must keep working (the CLI without Origin, the console's own page, every loopback spelling).
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../runtime/dev-runtime.ts';
import { isLoopbackHost } from './loopback-guard.ts';

let runtime: Runtime;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'portico-guard-'));
  runtime = await startRuntime({ port: 0, dataDir, catalog: false, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await runtime?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One raw HTTP request to the runtime's port, with whatever Host and Origin an attacker chooses. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: runtime.port, method, path, headers, setHost: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const replay = JSON.stringify({ archive: 'nope', from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:01:00Z' });

describe('the operator views refuse foreign hosts and origins', () => {
  const P = () => String(runtime.port);
  const rows: [
    string,
    {
      method: string;
      path: string;
      headers: () => Record<string, string>;
      body?: string;
      want: number;
      says?: RegExp;
    },
  ][] = [
    [
      'the console page, rebound to attacker.example',
      {
        method: 'GET',
        path: '/',
        headers: () => ({ host: `attacker.example:${P()}`, accept: 'text/html' }),
        want: 403,
        says: /attacker\.example:\d+" is not a loopback name/,
      },
    ],
    [
      'the events, rebound',
      {
        method: 'GET',
        path: '/_portico/events',
        headers: () => ({ host: `attacker.example:${P()}` }),
        want: 403,
        says: /not a loopback name/,
      },
    ],
    [
      'the stats, rebound to a name that merely starts with 127',
      {
        method: 'GET',
        path: '/_portico/stats',
        headers: () => ({ host: `127.0.0.1.attacker.example:${P()}` }),
        want: 403,
      },
    ],
    [
      'the live stream, rebound',
      { method: 'GET', path: '/_portico/stream', headers: () => ({ host: 'attacker.example' }), want: 403 },
    ],
    // Node refuses HTTP/1.1 without Host before any handler runs (RFC 9112 §3.2).
    [
      'the dead letters, with no Host at all',
      { method: 'GET', path: '/_portico/deliveries/dlq', headers: () => ({}), want: 400 },
    ],
    [
      'a redrive from another site',
      {
        method: 'POST',
        path: '/_portico/deliveries/dlq/redrive',
        headers: () => ({
          host: `127.0.0.1:${P()}`,
          origin: 'http://attacker.example',
          'content-type': 'text/plain',
        }),
        body: '{"all":true}',
        want: 403,
        says: /Origin "http:\/\/attacker\.example" is not this console's origin/,
      },
    ],
    [
      'a redrive from a sandboxed frame (Origin: null)',
      {
        method: 'POST',
        path: '/_portico/deliveries/dlq/redrive',
        headers: () => ({ host: `127.0.0.1:${P()}`, origin: 'null' }),
        body: '{"all":true}',
        want: 403,
      },
    ],
    [
      'a replay from another port of this machine',
      {
        method: 'POST',
        path: '/_portico/archives/replay',
        headers: () => ({ host: `127.0.0.1:${P()}`, origin: 'http://127.0.0.1:1' }),
        body: replay,
        want: 403,
      },
    ],
    [
      'a replay from localhost while the page is 127.0.0.1',
      {
        method: 'POST',
        path: '/_portico/archives/replay',
        headers: () => ({ host: `127.0.0.1:${P()}`, origin: `http://localhost:${P()}` }),
        body: replay,
        want: 403,
      },
    ],
    [
      'a replay over https from the same host',
      {
        method: 'POST',
        path: '/_portico/archives/replay',
        headers: () => ({ host: `127.0.0.1:${P()}`, origin: `https://127.0.0.1:${P()}` }),
        body: replay,
        want: 403,
      },
    ],
    // What keeps working: the handler answers (400: no such archive; 200: nothing to redrive).
    [
      'the CLI (no Origin)',
      {
        method: 'POST',
        path: '/_portico/archives/replay',
        headers: () => ({ host: `127.0.0.1:${P()}` }),
        body: replay,
        want: 400,
      },
    ],
    [
      'the console page itself (same origin)',
      {
        method: 'POST',
        path: '/_portico/archives/replay',
        headers: () => ({ host: `127.0.0.1:${P()}`, origin: `http://127.0.0.1:${P()}` }),
        body: replay,
        want: 400,
      },
    ],
    [
      'a redrive from the page at localhost',
      {
        method: 'POST',
        path: '/_portico/deliveries/dlq/redrive',
        headers: () => ({ host: `localhost:${P()}`, origin: `http://localhost:${P()}` }),
        body: '{"all":true}',
        want: 200,
      },
    ],
    [
      'a read at [::1]',
      { method: 'GET', path: '/_portico/health', headers: () => ({ host: `[::1]:${P()}` }), want: 200 },
    ],
    [
      'a read with a foreign Origin (a GET changes nothing; CORS keeps the answer from the page)',
      {
        method: 'GET',
        path: '/_portico/rules',
        headers: () => ({ host: `127.0.0.1:${P()}`, origin: 'http://attacker.example' }),
        want: 200,
      },
    ],
    [
      'the console page at localhost',
      {
        method: 'GET',
        path: '/',
        headers: () => ({ host: `LocalHost:${P()}`, accept: 'text/html' }),
        want: 200,
      },
    ],
  ];
  it.each(rows)('%s', async (_name, { method, path, headers, body, want, says }) => {
    const res = await send(method, path, headers(), body);
    expect(res.status, res.text).toBe(want);
    if (says)
      expect(
        res.text.startsWith('{') ? (JSON.parse(res.text) as { message: string }).message : res.text,
      ).toMatch(says);
  });

  it('refused changes changed nothing', async () => {
    const res = await send('GET', '/_portico/archives', { host: `127.0.0.1:${P()}` });
    expect(JSON.parse(res.text)).toEqual({ archives: [], replays: [] });
  });
});

describe('isLoopbackHost', () => {
  const rows: [string, boolean][] = [
    ['127.0.0.1:4010', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['[::1]:4010', true],
    ['[::ffff:127.0.0.1]:80', true],
    ['127.0.0.1.nip.io:4010', false],
    ['localhost.attacker.example', false],
    ['attacker.example', false],
    ['[::2]:4010', false],
    ['0.0.0.0:4010', false],
    ['127.0.0.1:4010:80', false],
    ['', false],
  ];
  it.each(rows)('%s → %s', (host, want) => expect(isLoopbackHost(host)).toBe(want));
});
