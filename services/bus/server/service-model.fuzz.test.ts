// Fuzzing every operation the bus serves with requests drawn from EventBridge's published service model
// (testing/shape-arbitrary.ts): never a 500, always AWS's error shape with a __type the model or the JSON
// 1.1 protocol defines, the event loop never held past a bound, and the server still answers afterwards.
// PORTICO_FUZZ_RUNS=10000 for the long run (docs/local-bus.md records its figures); CI runs a few hundred.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LoopDelayMeter } from '../testing/loop-delay.ts';
import { requestArbitrary, requestText } from '../testing/shape-arbitrary.ts';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';
import { operations } from './operation-table.ts';

const RUNS = Number(process.env.PORTICO_FUZZ_RUNS ?? 400);
/**
 * A bound that catches the stalls this suite exists for (a pattern compile once held the loop 25 s)
 * without failing on a busy CI machine; the measured figures, well under 50 ms, are in docs/local-bus.md.
 */
const MAX_LOOP_DELAY_MS = Number(process.env.PORTICO_FUZZ_MAX_LOOP_MS ?? 1000);

const model = JSON.parse(
  readFileSync(new URL('../service-model/events-2015-10-07.json', import.meta.url), 'utf8'),
) as { operations: Record<string, unknown>; shapes: Record<string, { exception?: boolean }> };
/** The model's error shapes, and the errors of the JSON 1.1 protocol itself. */
const KNOWN_TYPES = new Set([
  ...Object.entries(model.shapes)
    .filter(([, s]) => s.exception)
    .map(([name]) => name),
  'ValidationException',
  'SerializationException',
  'UnknownOperationException',
]);
KNOWN_TYPES.delete('InternalException'); // a 500: never the answer to a request
const served = Object.keys(operations).filter((op) => Object.hasOwn(model.operations, op));

let t: TestBus;
const meter = new LoopDelayMeter();
beforeAll(async () => {
  t = await startTestBus();
  meter.start();
});
afterAll(async () => {
  meter.stop();
  console.log(`service-model fuzz, ${RUNS} runs:\n${meter.table()}`);
  await t.close();
});

async function call(operation: string, body: string) {
  const res = await request(t.server.url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
  });
  return { status: res.statusCode, text: await res.body.text() };
}

it(
  'answers every drawn request with a 2xx or an AWS-shaped 4xx, without holding the loop',
  async () => {
    expect(served.length).toBeGreaterThan(30);
    const drawn = fc
      .constantFrom(...served)
      .chain((operation) =>
        requestArbitrary(operation).map((input) => ({ operation, body: requestText(input) })),
      );
    await fc.assert(
      fc.asyncProperty(drawn, async ({ operation, body }) => {
        const cpu = process.cpuUsage();
        const { value: res, maxMs } = await meter.measure(operation, () => call(operation, body));
        const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
        if (process.env.PORTICO_FUZZ_SLOW_LOG && maxMs > Number(process.env.PORTICO_FUZZ_SLOW_LOG))
          console.log(
            `SLOW ${maxMs} ms cpu ${cpuMs} ${operation} ${body.length} bytes ${body.slice(0, 200)}`,
          );
        const where = `${operation} ${body.slice(0, 300)}: ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        const parsed = JSON.parse(res.text) as Record<string, unknown>;
        if (res.status >= 300) {
          expect(KNOWN_TYPES.has(String(parsed.__type)), where).toBe(true);
          expect(parsed.message, where).toEqual(expect.any(String));
        }
        expect(maxMs, `${where}: event loop held ${maxMs} ms`).toBeLessThan(MAX_LOOP_DELAY_MS);
      }),
      {
        numRuns: RUNS,
        ...(process.env.PORTICO_FUZZ_SEED ? { seed: Number(process.env.PORTICO_FUZZ_SEED) } : {}),
      },
    );
    const after = await call('ListEventBuses', '{}');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.text)).toMatchObject({ EventBuses: expect.any(Array) });
  },
  120_000 + RUNS * 100,
);
