// The sender thread against real partners on 127.0.0.1: every outcome the invoker tells apart (status
// classes, Retry-After, a body dribbling past the deadline, a body too large to drain, refused,
// timed out, reset, the outbound guard's connect-time refusal) is the same whether the HTTP exchange
// runs on this thread or in the sender thread. Then: many sends at once (batched both ways), and a
// thread killed with a request in flight (retryable, then the next attempt goes through).
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiDestinationInvoker } from './api-destination-invoker.ts';
import { ManualClock } from './clock.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import type { EndpointPolicy } from './outbound-guard.ts';
import type { InvokeOutcome, InvokeRequest } from './target-invoker.ts';
import { memoryStore, newDelivery } from './testing/fixtures.ts';
import { MemoryDirectory } from './testing/memory-directory.ts';
import { startScriptedServer, type ScriptedServer, type Step } from './testing/scripted-server.ts';

const local: EndpointPolicy = { allowHttp: true, allowPrivateNetworks: true };
const noPrivate: EndpointPolicy = { allowHttp: true, allowPrivateNetworks: false };
const servers: ScriptedServer[] = [];
const invokers: ApiDestinationInvoker[] = [];
afterEach(async () => {
  await Promise.all(invokers.splice(0).map((i) => i.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * Answers 200 with 600 bytes (the log keeps 512 of them, whenever the cut comes), then writes a byte
 * every 50 ms and never ends: only the attempt's deadline stops reading.
 */
function dribbleForever(res: ServerResponse): void {
  res.writeHead(200);
  res.write('d'.repeat(600));
  const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('x')), 50);
}

/** Answers 200 with 100 KiB and never ends: only the drain limit (64 KiB) stops reading. */
function oversizeForever(res: ServerResponse): void {
  res.writeHead(200);
  res.write('z'.repeat(100 * 1024));
}

interface Case {
  given?: Step[];
  answer?: (res: ServerResponse) => void;
  /** The endpoint, from the server's URL; `down` closes the server first. */
  endpoint?: (url: string) => string;
  down?: boolean;
  policy?: EndpointPolicy;
  timeoutMs?: number;
  want: Partial<InvokeOutcome> & Record<string, unknown>;
}

const cases: [string, Case][] = [
  [
    '2xx',
    {
      given: [{ status: 202, body: 'accepted' }],
      want: { kind: 'succeeded', status: 202, responseSnippet: 'accepted' },
    },
  ],
  [
    '4xx is final',
    {
      given: [{ status: 400, body: 'bad' }],
      want: { kind: 'failed', errorCode: 'HTTP_400', responseSnippet: 'bad' },
    },
  ],
  [
    '429 with Retry-After',
    {
      given: [{ status: 429, headers: { 'retry-after': '7' } }],
      want: { kind: 'retryable', errorCode: 'HTTP_429', retryAfterMs: 7_000 },
    },
  ],
  [
    '5xx',
    {
      given: [{ status: 503, body: 'later' }],
      want: { kind: 'retryable', errorCode: 'HTTP_503', responseSnippet: 'later' },
    },
  ],
  [
    'a redirect',
    {
      given: [{ status: 302, headers: { location: 'http://169.254.169.254/' } }],
      want: { kind: 'failed', errorCode: 'HTTP_302' },
    },
  ],
  [
    'a body dribbling past the deadline is cut there: the status answered',
    {
      answer: dribbleForever,
      timeoutMs: 500,
      want: { kind: 'succeeded', status: 200, responseSnippet: 'd'.repeat(512) },
    },
  ],
  [
    'a body past the drain limit is cut: the status answered',
    // A deadline longer than the test's own timeout: only the cut at 64 KiB can end this attempt.
    {
      answer: oversizeForever,
      timeoutMs: 120_000,
      want: { kind: 'succeeded', status: 200, responseSnippet: 'z'.repeat(512) },
    },
  ],
  [
    'no answer times out',
    { given: [{ hang: true }], timeoutMs: 300, want: { kind: 'retryable', errorCode: 'TIMEOUT' } },
  ],
  ['a reset', { given: [{ reset: true }], want: { kind: 'retryable', errorCode: 'NETWORK_ERROR' } }],
  [
    'connection refused',
    {
      down: true,
      want: {
        kind: 'retryable',
        errorCode: 'NETWORK_ERROR',
        errorMessage: expect.stringMatching(/ECONNREFUSED/),
      },
    },
  ],
  [
    'the outbound guard refuses a name that resolves to loopback, at connect time',
    {
      endpoint: (u) => u.replace('127.0.0.1', 'localhost'),
      policy: noPrivate,
      want: {
        kind: 'failed',
        errorCode: 'ENDPOINT_REFUSED',
        errorMessage: expect.stringMatching(/resolves to .*loopback/),
      },
    },
  ],
];

/** A partner answering as the case says, and an invoker per sender, both to that partner. */
async function setup(c: Omit<Case, 'want'>, senders: readonly boolean[] = [false, true]) {
  const server = await startScriptedServer(c.given ?? [{ status: 200 }], (_req, res) => {
    if (!c.answer) return false;
    c.answer(res);
    return true;
  });
  servers.push(server);
  const directory = new MemoryDirectory();
  const conn = directory.addConnection('acme', 'API_KEY', {
    ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'key-123' },
  });
  const arn = directory.addDestination('acme', (c.endpoint ?? ((u) => `${u}/hook`))(server.url), conn);
  if (c.down) await server.close();
  const each = senders.map((senderThread) => {
    const invoker = new ApiDestinationInvoker({
      directory,
      endpointPolicy: c.policy ?? local,
      timeoutMs: c.timeoutMs ?? 5_000,
      senderThread,
    });
    invokers.push(invoker);
    return invoker;
  });
  const req = (id = 'dlv_1'): InvokeRequest => ({
    id,
    eventId: 'evt-1',
    targetArn: arn,
    body: '{"detail":{}}',
    attempt: 1,
    webhookId: `msg_${id}`,
  });
  return { server, invokers: each, invoker: each[0]!, req };
}

/** The outcome without its latency (the only part that may differ between two runs). */
function comparable(outcome: InvokeOutcome): Omit<InvokeOutcome, 'latencyMs'> {
  const { latencyMs: _latency, ...rest } = outcome;
  return rest;
}

describe('the same outcome from either sender', () => {
  it.each(cases)('%s', async (_name, c) => {
    const t = await setup(c);
    const [inThread, threaded] = [await t.invokers[0]!.invoke(t.req()), await t.invokers[1]!.invoke(t.req())];
    expect(inThread, 'in-thread').toMatchObject(c.want);
    expect(threaded, 'sender thread').toMatchObject(c.want);
    expect(comparable(threaded)).toEqual(comparable(inThread));
  });
});

describe('closing either sender', () => {
  it.each([
    ['in-thread', false],
    ['sender thread', true],
  ])('%s: lets the exchange in flight finish and reports its outcome', async (_name, senderThread) => {
    // The partner holds its answer (200) until the close below is under way.
    let answer: (() => void) | undefined;
    const t = await setup({ answer: (res) => (answer = () => res.end('late')) }, [senderThread]);
    const inFlight = t.invoker.invoke(t.req());
    while (!answer) await new Promise((r) => setTimeout(r, 10));
    const closed = t.invoker.close();
    answer();
    await closed;
    expect(await inFlight).toMatchObject({ kind: 'succeeded', status: 200, responseSnippet: 'late' });
  });
});

describe('the sender thread', () => {
  it('carries many sends at once, each answer to its own request', async () => {
    const t = await setup({}, [true]);
    const ids = Array.from({ length: 300 }, (_, i) => `dlv_${i}`);
    const outcomes = await Promise.all(ids.map((id) => t.invoker.invoke(t.req(id))));
    expect(outcomes.map((o) => o.kind)).toEqual(ids.map(() => 'succeeded'));
    expect(t.server.received.map((r) => r.headers['webhook-id']).sort()).toEqual(
      ids.map((id) => `msg_${id}`).sort(),
    );
  });

  it('killed with a request in flight: the attempt is retryable, and the retry goes through a new thread', async () => {
    const t = await setup({ given: [{ hang: true }, { status: 200 }] }, [true]);
    const inFlight = t.invoker.invoke(t.req());
    while (t.server.received.length === 0) await new Promise((r) => setTimeout(r, 10));
    await t.invoker.senderThread!.terminateThread();
    expect(await inFlight).toMatchObject({
      kind: 'retryable',
      errorCode: 'NETWORK_ERROR',
      errorMessage: expect.stringMatching(/sender thread exited/),
    });
    expect(await t.invoker.invoke(t.req())).toMatchObject({ kind: 'succeeded', status: 200 });
    expect(t.server.received.map((r) => r.headers['webhook-id'])).toEqual(['msg_dlv_1', 'msg_dlv_1']);
  });

  it('killed while a delivery is in flight: the worker retries it, same webhook-id, and it succeeds', async () => {
    const t = await setup({ given: [{ hang: true }, { status: 200 }] }, [true]);
    const store = memoryStore();
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const worker = new DeliveryWorker({
      queue: store.queue,
      queues: store.queues,
      invokers: [t.invoker],
      clock,
      random: () => 0.5,
    });
    store.queue.enqueue([newDelivery({ targetArn: t.req().targetArn })]);
    const firstRound = worker.runDue();
    while (t.server.received.length === 0) await new Promise((r) => setTimeout(r, 10));
    await t.invoker.senderThread!.terminateThread();
    await firstRound;
    expect(store.queue.list()[0]).toMatchObject({ status: 'pending', attempts: 1 });
    clock.set(store.queue.nextDueAt()!);
    await worker.runDue();
    const [delivery] = store.queue.list();
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(store.queue.attempts(delivery!.id).map((a) => a.outcome)).toEqual(['retryable', 'succeeded']);
    expect(t.server.received.map((r) => r.headers['webhook-id'])).toEqual([
      delivery!.webhookId,
      delivery!.webhookId,
    ]);
  });

  it('dead before it was ever ready: sends stay on this thread from then on', async () => {
    const t = await setup({ given: [{ status: 204 }] }, [true]);
    // Terminated in the same turn as it was started: it cannot have reported ready.
    await t.invoker.senderThread!.terminateThread();
    expect(await t.invoker.invoke(t.req())).toMatchObject({ kind: 'succeeded', status: 204 });
    expect(t.invoker.senderThread!.utilisation().active).toBe(0); // no thread running
  });
});
