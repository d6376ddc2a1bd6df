// Inputs that a buggy client or a hostile partner sends on day one, each once answered 500 (or worse)
// by the whole local stack. Every one must get a clear 4xx in its surface's own error shape: AWS JSON on
// the bus, problem+json on /portal, JSON on /_portico/* and the Schemas API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './testing/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack.close());

const nested = (levels: number, leaf = '1') => `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;
const entry = (extra: Record<string, unknown>) => ({
  Source: 'com.example.hostile',
  DetailType: 'probe',
  Detail: '{"a":1}',
  ...extra,
});

const envelope = (detail: string) =>
  `{"id":"1","account":"1","source":"s","time":"t","region":"r","detail-type":"d","detail":${detail}}`;

async function aws(operation: string, body: unknown) {
  const res = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('PutEvents entries the bus cannot keep as sent are refused one by one', () => {
  it.each<[string, { given: Record<string, unknown>; want: RegExp }]>([
    ['Time past what a Date holds', { given: { Time: 8640000000001 }, want: /Parameter Time is not valid/ }],
    ['Time in year 318857', { given: { Time: 1e13 }, want: /Parameter Time is not valid/ }],
    ['Time before year 0', { given: { Time: -62167219201 }, want: /Parameter Time is not valid/ }],
    ['Detail nested 4,400 levels', { given: { Detail: nested(4400) }, want: /nested deeper than 1000/ }],
    ['Detail nested 1,001 levels', { given: { Detail: nested(1001) }, want: /nested deeper than 1000/ }],
    [
      'a number past a double',
      { given: { Detail: '{"n":1e999999}' }, want: /1e999999 is outside the range/ },
    ],
    [
      'an integer past 64 bits',
      {
        given: { Detail: '{"k":123456789012345678901234567890}' },
        want: /123456789012345678901234567890 is outside the integer range/,
      },
    ],
    [
      'an integer just past 64 bits',
      { given: { Detail: '{"k":9223372036854775808}' }, want: /integer range/ },
    ],
  ])('%s', async (_name, { given, want }) => {
    const before = stack.runtime.bus.events.count();
    const res = await aws('PutEvents', { Entries: [entry(given), entry({})] });
    expect(res.status).toBe(200);
    const [refused, accepted] = res.body.Entries as Record<string, string>[];
    expect(refused).toMatchObject({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: expect.stringMatching(want),
    });
    expect(accepted).toHaveProperty('EventId');
    expect(res.body.FailedEntryCount).toBe(1);
    expect(stack.runtime.bus.events.count()).toBe(before + 1);
  });

  it('accepts Detail nested exactly 1,000 levels', async () => {
    const res = await aws('PutEvents', { Entries: [entry({ Detail: nested(1000) })] });
    expect(res.body.FailedEntryCount).toBe(0);
  });

  it('does not put an entry with a non-string EventBusName on the default bus', async () => {
    const before = stack.runtime.bus.events.count();
    const res = await aws('PutEvents', { Entries: [entry({ EventBusName: 5 })] });
    expect(res.status).toBeLessThan(500);
    if (res.status === 200) expect(res.body.FailedEntryCount).toBe(1);
    else expect(res.body.__type).toMatch(/ValidationException|SerializationException/);
    expect(stack.runtime.bus.events.count()).toBe(before);
  });
});

describe('requests past a limit are refused before any work', () => {
  it.each<
    [string, { operation: string; given: Record<string, unknown>; want: string | RegExp; status?: number }]
  >([
    [
      'a pattern nested 5,000 levels',
      {
        operation: 'PutRule',
        given: { Name: 'deep', EventPattern: nested(5000, '[1]') },
        want: 'ValidationException',
      },
    ],
    [
      'a 2.9 MB pattern of 300,000 values',
      {
        operation: 'PutRule',
        given: {
          Name: 'huge',
          EventPattern: JSON.stringify({ source: Array.from({ length: 300_000 }, (_, i) => `v${i}`) }),
        },
        // Past the request-body limit (limits.ts MAX_REQUEST_BODY_BYTES): refused before it is read whole.
        want: 'ValidationException',
        status: 413,
      },
    ],
    [
      'a pattern of 4,097 characters',
      {
        operation: 'TestEventPattern',
        given: {
          EventPattern: JSON.stringify({ source: ['x'.repeat(4097 - '{"source":[""]}'.length)] }),
          Event: envelope('{}'),
        },
        want: 'ValidationException',
      },
    ],
    [
      'an event nested 5,000 levels',
      {
        operation: 'TestEventPattern',
        given: {
          EventPattern: '{"source":["s"]}',
          Event: envelope(nested(5000)),
        },
        want: 'ValidationException',
      },
    ],
    ['ListRules Limit -1', { operation: 'ListRules', given: { Limit: -1 }, want: 'ValidationException' }],
    ['ListRules Limit 101', { operation: 'ListRules', given: { Limit: 101 }, want: 'ValidationException' }],
  ])('%s', async (_name, { operation, given, want, status }) => {
    const res = await aws(operation, given);
    expect(res.status, JSON.stringify(res.body)).toBe(status ?? 400);
    expect(res.body.__type).toMatch(want);
    expect(res.body.message).toEqual(expect.any(String));
  });

  it('refuses a list past its max that holds an array nested 50,000 levels', async () => {
    const deep = `${'['.repeat(50_000)}1${']'.repeat(50_000)}`;
    const ids = Array.from({ length: 100 }, (_, i) => `"t${i}"`);
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.RemoveTargets' },
      body: `{"Rule":"r","Ids":[${ids.join(',')},${deep}]}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('keeps a pattern of 4,096 characters', async () => {
    const pattern = JSON.stringify({ source: ['x'.repeat(4096 - '{"source":[""]}'.length)] });
    const res = await aws('PutRule', { Name: 'at-the-limit', EventPattern: pattern });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});

describe('malformed paths and bodies on the other surfaces', () => {
  it.each<[string, { method: string; path: string; body?: string; want: number; shape: 'problem' | 'json' }]>(
    [
      [
        'a bare % in a portal request id',
        { method: 'GET', path: '/portal/requests/%', want: 400, shape: 'problem' },
      ],
      [
        '%zz in a portal request id',
        { method: 'GET', path: '/portal/requests/%zz', want: 400, shape: 'problem' },
      ],
      [
        'a bare % in a portal user id',
        { method: 'GET', path: '/portal/users/%/notifications', want: 400, shape: 'problem' },
      ],
      [
        'a bare % in a delivery id',
        { method: 'GET', path: '/_portico/deliveries/%', want: 400, shape: 'problem' },
      ],
      [
        'a bare % in a queue name',
        { method: 'GET', path: '/_portico/queues/%', want: 400, shape: 'problem' },
      ],
      [
        'a bare % in a schema name',
        { method: 'GET', path: '/v1/registries/name/%', want: 400, shape: 'json' },
      ],
      [
        'a redrive body of null',
        {
          method: 'POST',
          path: '/_portico/deliveries/dlq/redrive',
          body: 'null',
          want: 400,
          shape: 'problem',
        },
      ],
      [
        'a redrive whose messageIds is an object',
        {
          method: 'POST',
          path: '/_portico/deliveries/dlq/redrive',
          body: '{"messageIds":{"a":1}}',
          want: 400,
          shape: 'problem',
        },
      ],
      [
        'a redrive whose queue is a number',
        {
          method: 'POST',
          path: '/_portico/deliveries/dlq/redrive',
          body: '{"queue":5}',
          want: 400,
          shape: 'problem',
        },
      ],
      [
        'a redrive body that is a list',
        {
          method: 'POST',
          path: '/_portico/deliveries/dlq/redrive',
          body: '[1]',
          want: 400,
          shape: 'problem',
        },
      ],
      [
        'a replay body of null',
        { method: 'POST', path: '/_portico/archives/replay', body: 'null', want: 400, shape: 'problem' },
      ],
      [
        'a replay whose archive is an object',
        {
          method: 'POST',
          path: '/_portico/archives/replay',
          body: '{"archive":{"a":1},"from":"x","to":"y"}',
          want: 400,
          shape: 'problem',
        },
      ],
      [
        'a replay body that is not JSON',
        { method: 'POST', path: '/_portico/archives/replay', body: '{', want: 400, shape: 'problem' },
      ],
      [
        'a 1 MB redrive body',
        {
          method: 'POST',
          path: '/_portico/deliveries/dlq/redrive',
          body: JSON.stringify({ messageIds: Array(60_000).fill('0123456789abcdef') }),
          want: 413,
          shape: 'problem',
        },
      ],
      [
        'a 1 MB replay body',
        {
          method: 'POST',
          path: '/_portico/archives/replay',
          body: JSON.stringify({ archive: 'a'.repeat(1_000_000) }),
          want: 413,
          shape: 'problem',
        },
      ],
      [
        'a POST to a read-only view',
        { method: 'POST', path: '/_portico/events', body: '{}', want: 405, shape: 'problem' },
      ],
      [
        'a Schemas API body of null',
        { method: 'POST', path: '/v1/registries/name/r', body: 'null', want: 400, shape: 'json' },
      ],
    ],
  )('%s', async (_name, { method, path, body, want, shape }) => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await res.text();
    expect(res.status, text).toBe(want);
    if (shape === 'problem') {
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.parse(text)).toMatchObject({
        status: want,
        detail: path.includes('%') ? expect.stringMatching(/percent-encoding/) : expect.any(String),
      });
    } else {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      expect(String(parsed.error ?? parsed.message ?? parsed.Message)).not.toBe('undefined');
    }
  });
});

it('answers a dead-letter view with a limit of 1e20 (found by the surfaces fuzzer; was 500)', async () => {
  const res = await fetch(`${stack.url}/_portico/deliveries/dlq?queue=-1&limit=99999999999999999999`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ queue: '-1', messages: [] });
});
