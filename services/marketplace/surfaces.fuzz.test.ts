// The OpenAPI-driven fuzz of /api (marketplace-api.fuzz.test.ts) carried to the stack's other HTTP
// surfaces: the user portal (/portal) and the runtime's views (/_portico/*), both answering errors as
// problem+json, with malformed percent-escapes, hostile query values and hostile bodies (oversized too).
// Never a 500; errors in that shape; the event loop's worst delay per surface is recorded.
// PORTICO_FUZZ_RUNS=10000 for the long run (docs/local-bus.md records its figures).
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LoopDelayMeter } from '../bus/testing/loop-delay.ts';
import { startStack, type Stack } from './testing/stack.ts';

const RUNS = Number(process.env.PORTICO_FUZZ_RUNS ?? 300);
const MAX_LOOP_DELAY_MS = Number(process.env.PORTICO_FUZZ_MAX_LOOP_MS ?? 1000);

let stack: Stack;
const meter = new LoopDelayMeter();
beforeAll(async () => {
  stack = await startStack();
  meter.start();
});
afterAll(async () => {
  meter.stop();
  console.log(`surfaces fuzz, ${RUNS} runs:\n${meter.table()}`);
  await stack.close();
});

/** Path templates; `{}` takes a drawn segment, sent as drawn (not encoded), so `%` stays malformed. */
const paths = [
  '/portal/users',
  '/portal/users/{}/notifications',
  '/portal/documents',
  '/portal/requests',
  '/portal/requests/{}',
  '/portal/{}',
  '/_portico/health',
  '/_portico/events',
  '/_portico/queues',
  '/_portico/queues/{}',
  '/_portico/{}',
  '/_portico/deliveries',
  '/_portico/deliveries/{}',
  '/_portico/deliveries/dlq',
  '/_portico/deliveries/dlq/redrive',
  '/_portico/stats',
  '/_portico/rules',
  '/_portico/archives',
  '/_portico/archives/replay',
] as const;

const segment = fc.oneof(
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%2F', '..', '%25', 'u-1', 'dlq', '%C0%AF', '%F0%9F%98'),
  fc.uuid(),
  fc.stringMatching(/^[A-Za-z0-9%._~-]{0,40}$/),
  fc.string({ unit: 'grapheme', maxLength: 10 }).map(encodeURIComponent),
);

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    'null',
    '[]',
    '"x"',
    '{',
    '{"messageIds":{"a":1}}',
    '{"queue":5,"all":"yes"}',
    '{"all":true}',
    '{"email":"a@example.com"}',
    '{"user_id":"u-1","requests1":"books"}',
    '{"user_id":{"$gt":""}}',
    deep(1000),
    deep(20_000),
    JSON.stringify({ email: 'a@example.com', note: 'x'.repeat(300_000) }),
    JSON.stringify({ messageIds: Array(70_000).fill('0123456789abcdef') }),
    '{"archive":"a","from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z","name":{"a":1}}',
    '{"archive":"a","from":"yesterday","to":7}',
    '\u0000',
  ),
  fc.string({ maxLength: 60 }),
);

const query = fc.dictionary(
  fc.constantFrom('limit', 'after', 'bus', 'status', 'queue', 'event', 'partner', 'request', 'x'),
  fc.oneof(
    fc.constantFrom('-1', '0', '1e309', 'NaN', '%', '99999999999999999999', ''),
    fc.string({ maxLength: 12 }),
  ),
  { maxKeys: 3 },
);

it(
  'answers every drawn request on /portal and /_portico/* with a non-500 in its own error shape',
  async () => {
    const request = fc.record({
      template: fc.constantFrom(...paths),
      segment,
      method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PATCH', 'DELETE', 'PUT'),
      query,
      body,
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/problem+json', ''),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = r.template.replace('{}', r.segment);
        const search = new URLSearchParams(r.query).toString();
        const url = `${stack.url}${path}${search ? `?${search}` : ''}`;
        const surface = `${r.method} ${r.template}`;
        const hasBody = r.body !== undefined && r.method !== 'GET';
        const { value: res, maxMs } = await meter.measure(surface, async () => {
          const response = await fetch(url, {
            method: r.method,
            ...(hasBody
              ? { body: r.body, headers: r.contentType ? { 'content-type': r.contentType } : {} }
              : {}),
          });
          return {
            status: response.status,
            type: response.headers.get('content-type'),
            text: await response.text(),
          };
        });
        const where = `${r.method} ${path}?${search} ${hasBody ? String(r.body).slice(0, 120) : ''}: ${res.status} ${res.text.slice(0, 200)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 400) {
          // fetch resolves dot segments (`/portal/..` is `/`, the bus's AWS surface): judge by what was sent.
          const sent = new URL(url).pathname;
          if (sent.startsWith('/portal') || sent.startsWith('/_portico')) {
            expect(res.type, where).toBe('application/problem+json');
            expect(JSON.parse(res.text), where).toMatchObject({
              status: res.status,
              type: expect.any(String),
            });
          }
        }
        expect(maxMs, `${where}: event loop held ${maxMs} ms`).toBeLessThan(MAX_LOOP_DELAY_MS);
      }),
      { numRuns: RUNS },
    );
    expect((await fetch(`${stack.url}/_portico/health`)).status).toBe(200);
  },
  120_000 + RUNS * 100,
);
