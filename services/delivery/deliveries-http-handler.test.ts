import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveriesHandler } from './deliveries-http-handler.ts';
import { ARN, memoryStore, newDelivery } from './testing/fixtures.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve() {
  const store = memoryStore();
  let kicks = 0;
  const handler = createDeliveriesHandler({ queue: store.queue, queues: store.queues, kick: () => kicks++ });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_portico/deliveries`;
  return { ...store, base, kicks: () => kicks };
}

describe('deliveries HTTP handler', () => {
  it('lists deliveries with a verdict and shows one with its attempts', async () => {
    const t = await serve();
    t.queue.enqueue([newDelivery()]);
    const list = (await (await fetch(`${t.base}?partner=acme-books&status=pending`)).json()) as {
      deliveries: { id: string; verdict: string; body?: string }[];
    };
    expect(list.deliveries).toHaveLength(1);
    expect(list.deliveries[0]?.verdict).toMatch(/^NOT YET/);
    expect(list.deliveries[0]).not.toHaveProperty('body');
    const one = (await (await fetch(`${t.base}/${list.deliveries[0]!.id}`)).json()) as {
      delivery: { body: string };
      attempts: unknown[];
    };
    expect(one.delivery.body).toBe(newDelivery().body);
    expect(one.attempts).toEqual([]);
  });

  it.each([
    ['an unknown status', '?status=lost', 400, /status must be one of pending, in-flight/],
    ['an unknown delivery', '/dlv_nope', 404, /No delivery dlv_nope/],
  ])('answers %s with an error that says what', async (_n, path, status, message) => {
    const t = await serve();
    const res = await fetch(t.base + path);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
  });

  it('redrives over POST and kicks the worker', async () => {
    const t = await serve();
    t.queue.enqueue([newDelivery({ deadLetterArn: ARN.dlq })]);
    const d = t.queue.list()[0]!;
    const messageId = t.queues.send(ARN.dlq, d.body, { PORTICO_DELIVERY_ID: d.id });
    t.queue.markDeadLettered(
      d.id,
      { errorCode: 'HTTP_500', errorMessage: 'x', condition: 'MaximumRetryAttempts' },
      messageId,
      0,
    );
    expect(((await (await fetch(`${t.base}/dlq`)).json()) as { queues: unknown[] }).queues).toEqual([
      { name: 'portico-dlq', arn: ARN.dlq, messages: 1 },
    ]);
    const res = await fetch(`${t.base}/dlq/redrive`, {
      method: 'POST',
      body: JSON.stringify({ queue: ARN.dlq }),
    });
    expect(((await res.json()) as { redriven: unknown[] }).redriven).toHaveLength(1);
    expect(t.kicks()).toBe(1);
    expect(t.queue.get(d.id)?.status).toBe('pending');
  });
});
