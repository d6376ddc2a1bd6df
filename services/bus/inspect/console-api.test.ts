// Bad input to the console's one change of its own, POST /_portico/archives/replay: a clear 4xx that
// says what is wrong, never a 500, and nothing started.
import { CreateArchiveCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';
import { CONSOLE_API_PREFIXES, createConsoleApi } from './console-api.ts';

let t: TestBus;
beforeAll(async () => {
  t = await startTestBus();
  const api = createConsoleApi(t.bus);
  for (const prefix of CONSOLE_API_PREFIXES) t.server.mount(prefix, api);
  await t.client.send(
    new CreateArchiveCommand({
      ArchiveName: 'all',
      EventSourceArn: 'arn:aws:events:eu-west-1:000000000000:event-bus/default',
    }),
  );
});
afterAll(async () => t.close());

const window = { archive: 'all', from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' };

describe('POST /_portico/archives/replay refuses bad input', () => {
  const rows: [string, { body: string; want: number; says: RegExp }][] = [
    ['not JSON', { body: '{', want: 400, says: /must be a JSON object.*it is not JSON/ }],
    ['JSON null', { body: 'null', want: 400, says: /must be a JSON object/ }],
    ['a JSON array', { body: '[]', want: 400, says: /must be a JSON object/ }],
    ['no archive', { body: '{}', want: 400, says: /Archive undefined does not exist/ }],
    [
      'an archive that is not a string',
      { body: JSON.stringify({ ...window, archive: 7 }), want: 400, says: /\/archive is not a string/ },
    ],
    [
      'an unknown archive',
      {
        body: JSON.stringify({ ...window, archive: 'nope' }),
        want: 400,
        says: /Archive nope does not exist/,
      },
    ],
    [
      'no from',
      { body: JSON.stringify({ ...window, from: undefined }), want: 400, says: /^from must be a time/ },
    ],
    [
      'a to that is no time',
      { body: JSON.stringify({ ...window, to: 'yesterday' }), want: 400, says: /^to must be a time/ },
    ],
    [
      'a to that is a number',
      { body: JSON.stringify({ ...window, to: 5 }), want: 400, says: /\/to is not a string/ },
    ],
    [
      'a window that ends before it starts',
      {
        body: JSON.stringify({ ...window, to: window.from }),
        want: 400,
        says: /EventStartTime must be before EventEndTime/,
      },
    ],
    [
      'a name AWS would refuse',
      {
        body: JSON.stringify({ ...window, name: 'has space' }),
        want: 400,
        says: /'has space' at 'replayName'/,
      },
    ],
    [
      'a name that is not a string',
      { body: JSON.stringify({ ...window, name: 12 }), want: 400, says: /\/name is not a string/ },
    ],
  ];
  it.each(rows)('%s', async (_name, { body, want, says }) => {
    const res = await fetch(`${t.server.url}/_portico/archives/replay`, { method: 'POST', body });
    const answer = (await res.json()) as { message: string };
    expect([res.status, answer.message]).toEqual([want, expect.stringMatching(says)]);
  });

  it('started no replay for any of them, and starts one for a good window', async () => {
    const list = async () =>
      ((await (await fetch(`${t.server.url}/_portico/archives`)).json()) as { replays: unknown[] }).replays;
    expect(await list()).toEqual([]);
    const res = await fetch(`${t.server.url}/_portico/archives/replay`, {
      method: 'POST',
      body: JSON.stringify({ ...window, name: 'good' }),
    });
    expect(res.status).toBe(200);
    expect(await list()).toEqual([expect.objectContaining({ name: 'good', archive: 'all' })]);
  });
});
