// `portico dev` (`npm start`) through the real binary, as a newcomer runs it: the walkthrough delivers,
// and each way it can fail to start ends in one clear line. Ports are ephemeral (`--port 0`) and the
// demo partners, which need fixed ports, are off.
import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, eventually, startDev } from './dev-process.ts';

// Each test starts the whole stack as a child process: seconds of CPU, a minute or more on a loaded
// 2-core machine. The limit is a guard against a stall, not a measure.
const PROCESS_TEST = { timeout: 300_000 };

const tmp = (name: string) => mkdtempSync(join(tmpdir(), `portico-dev-${name}-`));
const walkthrough = JSON.parse(
  readFileSync(join(REPO, 'services/bus/examples/walkthrough-event.json'), 'utf8'),
) as { Source: string; EventBusName: string; DetailType: string; Detail: string }[];

interface DeliveryView {
  targetArn?: string;
  target?: string;
  status: string;
}

async function deliveriesOf(url: string, eventId: string): Promise<DeliveryView[]> {
  const res = await fetch(`${url}/_portico/deliveries?event=${eventId}`);
  return ((await res.json()) as { deliveries: DeliveryView[] }).deliveries;
}

const clientOf = (url: string) =>
  new EventBridgeClient({
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

async function putWalkthrough(url: string, detail = walkthrough[0]!.Detail): Promise<string> {
  const client = clientOf(url);
  try {
    const out = await client.send(
      new PutEventsCommand({ Entries: [{ ...walkthrough[0]!, Detail: detail }] }),
    );
    return out.Entries![0]!.EventId!;
  } finally {
    client.destroy();
  }
}

describe('portico dev: the walkthrough delivers', PROCESS_TEST, () => {
  it.each([
    // [name, flags, banner names the stand-in, partner delivery status]
    ['stand-ins (default)', [], true, 'succeeded'],
    ['--real-endpoints', ['--real-endpoints'], false, undefined],
  ] as const)('%s', async (_name, flags, standIn, want) => {
    const dev = startDev([
      '--port',
      '0',
      '--no-generate',
      '--no-demo-partners',
      '--data-dir',
      tmp('walk'),
      ...flags,
    ]);
    try {
      const url = /running on (http:\/\/\S+)/.exec(await dev.line(/^Portico is running on/))![1]!;
      await dev.line(/^Try:/);
      const banner = dev.stdout.join('\n');
      expect(banner.includes('a local stand-in answers for them')).toBe(standIn);
      expect(banner).toMatch(/bus marketplace: \d+ rules; \d+ API destinations; event checks: warn/);
      expect(dev.stdout.filter((l) => l.includes('stand-in'))).toHaveLength(standIn ? 1 : 0);
      // The banner's rule count is what ListRules says.
      const client = clientOf(url);
      const listed = (await client.send(new ListRulesCommand({ EventBusName: 'marketplace' }))).Rules ?? [];
      client.destroy();
      expect(banner).toContain(`bus marketplace: ${listed.length} rules;`);
      expect(dev.stderr.join('\n')).not.toContain('NodeVersionSupportWarning');
      const eventId = await putWalkthrough(url);
      if (want) {
        const delivered = await eventually(async () => {
          const list = await deliveriesOf(url, eventId);
          const partner = list.find((d) => JSON.stringify(d).includes('portico-3rdparty1-prod'));
          return partner?.status === want ? partner : undefined;
        });
        expect(delivered.status).toBe('succeeded');
      } else {
        // Routed to the real endpoint, which this machine cannot reach: never delivered here.
        const list = await eventually(async () => {
          const l = await deliveriesOf(url, eventId);
          return l.some((d) => JSON.stringify(d).includes('portico-3rdparty1-prod')) ? l : undefined;
        });
        expect(list.find((d) => JSON.stringify(d).includes('portico-3rdparty1-prod'))?.status).not.toBe(
          'succeeded',
        );
      }
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  });
});

describe('portico dev: logs', PROCESS_TEST, () => {
  it.each([
    // [format, a warning line as printed]
    ['json', /^\{"level":40,.*"msg":"event detail does not match the catalogue"\}$/],
    ['pretty', /^\[\d\d:\d\d:\d\d\] WARN: event detail does not match the catalogue /],
  ] as const)(
    '--log-format %s; an event that breaks the catalogue is accepted with a warning',
    async (format, want) => {
      const dev = startDev(
        [
          '--port',
          '0',
          '--no-generate',
          '--no-demo-partners',
          '--log-format',
          format,
          '--data-dir',
          tmp('log'),
        ],
        { env: { PORTICO_LOG_LEVEL: 'warn' } },
      );
      try {
        const url = /running on (http:\/\/\S+)/.exec(await dev.line(/^Portico is running on/))![1]!;
        await dev.line(/^Try:/);
        const broken = JSON.stringify({ ...JSON.parse(walkthrough[0]!.Detail), request_status: 'bogus' });
        expect(await putWalkthrough(url, broken)).toMatch(/^[0-9a-f-]{36}$/);
        expect(await dev.line(want)).toMatch(want);
      } finally {
        expect(await dev.stop()).toBe(0);
      }
    },
  );
});

describe('portico dev: failures end in one clear line', PROCESS_TEST, () => {
  it('a taken port: names the port and --port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dev = startDev([
        '--port',
        String(port),
        '--no-generate',
        '--no-demo-partners',
        '--data-dir',
        tmp('port'),
      ]);
      expect(await dev.exited).toBe(1);
      expect(dev.stderr.filter((l) => l !== '')).toEqual([
        `portico dev: port ${port} on 127.0.0.1 is already in use: stop what listens there, or start on another port with --port <n>`,
      ]);
    } finally {
      blocker.close();
    }
  });

  it('a data directory in use by a live process: names it and its pid, and --data-dir', async () => {
    const dataDir = tmp('lock');
    writeFileSync(join(dataDir, 'portico.pid'), `${process.pid}\n`); // this test process: alive
    const dev = startDev(['--port', '0', '--no-generate', '--no-demo-partners', '--data-dir', dataDir]);
    expect(await dev.exited).toBe(1);
    expect(dev.stderr.filter((l) => l !== '')).toEqual([
      `portico dev: data directory ${dataDir} is in use by another Portico process (pid ${process.pid}, ${join(dataDir, 'portico.pid')}): stop it, or give this stack its own data directory with --data-dir <dir> (or PORTICO_DATA_DIR)`,
    ]);
  });

  it('no node_modules: says to run npm install', async () => {
    const clone = tmp('clone');
    mkdirSync(join(clone, 'scripts/bin'), { recursive: true });
    copyFileSync(BIN, join(clone, 'scripts/bin/portico.mjs'));
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [join(clone, 'scripts/bin/portico.mjs'), 'dev'],
        { cwd: clone },
        (error, _o, stderr) => resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'portico: the dependencies are not installed (cannot find tsx): run npm install',
    );
  });

  it('--help says event validation defaults to warn', async () => {
    const help = await new Promise<string>((resolve) =>
      execFile(process.execPath, [BIN, 'dev', '--help'], { cwd: REPO }, (_e, stdout) => resolve(stdout)),
    );
    expect(help.replace(/\s+/g, ' ')).toContain('default warn: a bad event is logged, and still accepted');
  });
});
