// The heaviest requests the documented limits admit, one row per way to make a request expensive, each
// answered without holding the event loop: the bound on one request's work comes from the limits
// (request body, entry size, nesting depth, pattern length, $or branches), not from the input being kind.
// Prints the worst loop delay, CPU time and load average per row (docs/local-bus.md records them).
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  MAX_ENTRY_BYTES,
  MAX_EVENT_PATTERN_CHARS,
  MAX_JSON_DEPTH,
  MAX_REQUEST_BODY_BYTES,
} from '../limits.ts';
import { LoopDelayMeter } from '../testing/loop-delay.ts';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

/**
 * A bound that catches the stalls this file exists for (exponential matching took hours at these sizes,
 * a 2.9 MB pattern 25 s) and holds on a shared machine at load 15; the figures are in docs/local-bus.md.
 */
const MAX_LOOP_DELAY_MS = Number(process.env.PORTICO_FUZZ_MAX_LOOP_MS ?? 2000);
const REPEAT = Number(process.env.PORTICO_LIMITS_REPEAT ?? 3);

const rule = 'r-limits';
const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
/** `count` entries whose Details together come within 1 KB of the 256 KB request limit. */
const entries = (count: number, detailOf: (bytes: number) => string) =>
  Array.from({ length: count }, () => ({
    Source: 'limits.test',
    DetailType: 'at the limit',
    Detail: detailOf(Math.floor((MAX_ENTRY_BYTES - 1024) / count) - 40),
  }));
/** A Detail of `bytes` whose numbers all need their text kept (1.50 is not how JSON.stringify writes 1.5). */
const numbers = (bytes: number) =>
  `{"n":[${Array(Math.floor(bytes / 5))
    .fill('1.50')
    .join(',')}]}`;
const wide = (bytes: number) =>
  `{${Array.from({ length: Math.floor(bytes / 12) }, (_, i) => `"k${i}":${i % 100}`).join(',')}}`;
const quoted = (bytes: number) => JSON.stringify({ q: '"'.repeat(Math.floor(bytes / 2) - 20) });
const nested = (bytes: number) => `{"d":${deep(MAX_JSON_DEPTH - 2)},"pad":"${'x'.repeat(bytes - 2100)}"}`;
/** A pattern of about `chars` characters listing many numbers: the most values one rule can hold. */
const manyValues = (chars: number) =>
  JSON.stringify({ detail: { n: Array.from({ length: Math.floor(chars / 7) }, (_, i) => 1000 + i) } });
/** Ten $or pairs: 1,024 combinations, the most parse-pattern.ts allows. */
const orBranches = () =>
  JSON.stringify({
    detail: Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`o${i}`, { $or: undefined }]).map(([k]) => [k, [1]]),
    ),
    $or: Array.from({ length: 10 }, (_, i) => ({ detail: { [`p${i}`]: [i] } })),
  });
/**
 * Five conditions meeting in one array element, the last one failing: matching tries the leaves of each
 * path against those of the others (the search once grew as n^4 and stalled on a 1 KB event).
 */
const meetingPattern = JSON.stringify({ detail: { x: { a: [1], b: [1], c: [1], d: [1], z: [2] } } });
const meetingDetail = (bytes: number) => {
  const n = Math.floor(bytes / 8) - 10;
  return JSON.stringify({
    x: [{ a: Array(n).fill(1), b: Array(n).fill(1), c: Array(n).fill(1), d: Array(n).fill(1), z: [3] }],
  });
};
/**
 * The same five conditions met in each of ~8,000 elements: every leaf of one path has an array position of
 * its own, so a search testing each leaf for consistency grew as n^2 (1.1 s for this event).
 */
const elementsDetail = (bytes: number) =>
  JSON.stringify({ x: Array(Math.floor(bytes / 32)).fill({ a: 1, b: 1, c: 1, d: 1, z: 3 }) });
const envelopeOf = (detail: unknown) =>
  JSON.stringify({
    id: '1',
    'detail-type': 'x',
    source: 's',
    account: '000000000000',
    time: '2026-01-01T00:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  });
const target = (i: number, inputChars: number) => ({
  Id: `t${i}`,
  Arn: `arn:aws:sqs:eu-west-1:000000000000:q${i}`,
  InputTransformer: {
    InputPathsMap: Object.fromEntries(
      Array.from({ length: 100 }, (_, k) => [`p${k}`, `$.detail.${'x'.repeat(200)}${k}`]),
    ),
    InputTemplate:
      `{${Array.from({ length: Math.floor(inputChars / 12) }, (_, k) => `"a${k}":<p${k % 100}>`).join(',')}}`.slice(
        0,
        8192,
      ),
  },
});

const cases: [string, { operation: string; body: () => string; want: number }][] = [
  [
    'PutEvents: 10 entries of kept-text numbers, 256 KB',
    {
      operation: 'PutEvents',
      body: () => JSON.stringify({ Entries: entries(10, numbers) }),
      want: 200,
    },
  ],
  [
    'PutEvents: 10 wide Details (2,000 keys each) matched by 20 rules',
    {
      operation: 'PutEvents',
      body: () => JSON.stringify({ Entries: entries(10, wide) }),
      want: 200,
    },
  ],
  [
    'PutEvents: 10 Details nested 998 levels',
    {
      operation: 'PutEvents',
      body: () => JSON.stringify({ Entries: entries(10, nested) }),
      want: 200,
    },
  ],
  [
    'PutEvents: one 255 KB Detail of quotes, ~510 KB on the wire',
    {
      operation: 'PutEvents',
      body: () => JSON.stringify({ Entries: entries(1, quoted) }),
      want: 200,
    },
  ],
  [
    "PutEvents: a 255 KB Detail of arrays meeting a rule's five conditions",
    {
      operation: 'PutEvents',
      body: () => JSON.stringify({ Entries: entries(1, meetingDetail) }),
      want: 200,
    },
  ],
  [
    'TestEventPattern: the same event and pattern',
    {
      operation: 'TestEventPattern',
      body: () =>
        JSON.stringify({
          EventPattern: meetingPattern,
          Event: envelopeOf(JSON.parse(meetingDetail(MAX_ENTRY_BYTES - 1024))),
        }),
      want: 200,
    },
  ],
  [
    "PutEvents: a 255 KB Detail of 8,000 elements, each meeting the rule's five conditions",
    {
      operation: 'PutEvents',
      body: () => JSON.stringify({ Entries: entries(1, elementsDetail) }),
      want: 200,
    },
  ],
  [
    'TestEventPattern: the same 8,000 elements',
    {
      operation: 'TestEventPattern',
      body: () =>
        JSON.stringify({
          EventPattern: meetingPattern,
          Event: envelopeOf(JSON.parse(elementsDetail(MAX_ENTRY_BYTES - 1024))),
        }),
      want: 200,
    },
  ],
  [
    'PutEvents: 512 KB of empty entries (over the JSON values bound)',
    {
      operation: 'PutEvents',
      body: () =>
        `{"Entries":[${Array(Math.floor(MAX_REQUEST_BODY_BYTES / 3) - 10)
          .fill('{}')
          .join(',')}]}`,
      want: 400,
    },
  ],
  [
    'PutTargets: 5 targets, 100 input paths and an 8,192-char template each',
    {
      operation: 'PutTargets',
      body: () => JSON.stringify({ Rule: rule, Targets: [0, 1, 2, 3, 4].map((i) => target(i, 9000)) }),
      want: 200,
    },
  ],
  [
    'PutTargets: 100 targets (the model max; over the 5-per-rule quota)',
    {
      operation: 'PutTargets',
      body: () =>
        JSON.stringify({
          Rule: rule,
          Targets: Array.from({ length: 100 }, (_, i) => ({
            Id: `t${i}`,
            Arn: `arn:aws:sqs:eu-west-1:000000000000:q${i}`,
            Input: JSON.stringify({ s: 'y'.repeat(4000) }),
          })),
        }),
      want: 400,
    },
  ],
  [
    'PutRule: a 4,096-character pattern of numbers',
    {
      operation: 'PutRule',
      body: () =>
        JSON.stringify({ Name: 'r-values', EventPattern: manyValues(MAX_EVENT_PATTERN_CHARS - 40) }),
      want: 200,
    },
  ],
  [
    'PutRule: 1,024 $or combinations',
    {
      operation: 'PutRule',
      body: () => JSON.stringify({ Name: 'r-or', EventPattern: orBranches() }),
      want: 200,
    },
  ],
  [
    'TestEventPattern: a 4,096-character pattern against a 500 KB event',
    {
      operation: 'TestEventPattern',
      body: () =>
        JSON.stringify({
          EventPattern: manyValues(MAX_EVENT_PATTERN_CHARS - 40),
          Event: envelopeOf(JSON.parse(wide(440 * 1024))),
        }),
      want: 200,
    },
  ],
  [
    'any operation: a body nested 1,000 levels',
    {
      operation: 'ListRules',
      body: () =>
        `{"x":[${Array(9)
          .fill(deep(MAX_JSON_DEPTH - 2))
          .join(',')}]}`,
      want: 200,
    },
  ],
  [
    'any operation: a 4 MB body (refused while it streams)',
    {
      operation: 'PutEvents',
      body: () => JSON.stringify({ Entries: entries(1, (n) => JSON.stringify({ s: 'z'.repeat(n * 16) })) }),
      want: 413,
    },
  ],
];

let t: TestBus;
const meter = new LoopDelayMeter();
beforeAll(async () => {
  t = await startTestBus();
  const call = (operation: string, input: unknown) => send(operation, JSON.stringify(input));
  await call('PutRule', { Name: rule, EventPattern: '{"source":["limits.test"]}' });
  await call('PutRule', { Name: 'r-meeting', EventPattern: meetingPattern });
  for (let i = 0; i < 20; i++)
    await call('PutRule', {
      Name: `r-wide-${i}`,
      EventPattern: JSON.stringify({ detail: { [`k${i * 97}`]: [{ numeric: ['>', 10] }] } }),
    });
  meter.start();
});
afterAll(async () => {
  meter.stop();
  console.log(`requests at the limits, ${REPEAT} runs each:\n${meter.table()}`);
  await t.close();
});

async function send(operation: string, body: string) {
  const res = await request(t.server.url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
  });
  return { status: res.statusCode, text: await res.body.text() };
}

it.each(cases)('%s', async (name, { operation, body, want }) => {
  const text = body();
  expect(Buffer.byteLength(text), 'each row but the last fits the body limit').toSatisfy((n: number) =>
    want === 413 ? n > MAX_REQUEST_BODY_BYTES : n <= MAX_REQUEST_BODY_BYTES,
  );
  // One unmeasured call first: the figures are of a warm server (the first call also pays for compiling).
  await send(operation, text);
  for (let i = 0; i < REPEAT; i++) {
    const { value: res, maxMs } = await meter.measure(name, () => send(operation, text));
    expect(res.status, res.text.slice(0, 300)).toBe(want);
    if (want === 200 && operation === 'PutEvents')
      expect(JSON.parse(res.text)).toMatchObject({ FailedEntryCount: 0 });
    expect(maxMs, `${name}: event loop held ${maxMs} ms`).toBeLessThan(MAX_LOOP_DELAY_MS);
  }
});
