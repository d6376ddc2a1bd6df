import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeAll(async () => {
  t = await startTestBus();
});
afterAll(async () => t.close());

async function post(body: string, headers: Record<string, string> = {}) {
  const res = await request(t.server.url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
  });
  return { status: res.statusCode, body: await res.body.text() };
}

describe('the JSON 1.1 protocol', () => {
  it.each([
    ['no X-Amz-Target', '{}', {}, 400, 'UnknownOperationException'],
    [
      'an unknown operation',
      '{}',
      { 'x-amz-target': 'AWSEvents.Frobnicate' },
      400,
      'UnknownOperationException',
    ],
    [
      'another service',
      '{}',
      { 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      400,
      'UnknownOperationException',
    ],
    ['a prototype name', '{}', { 'x-amz-target': 'AWSEvents.constructor' }, 400, 'UnknownOperationException'],
    [
      'malformed JSON',
      '{"Entries": [',
      { 'x-amz-target': 'AWSEvents.PutEvents' },
      400,
      'SerializationException',
    ],
    ['a JSON array', '[1]', { 'x-amz-target': 'AWSEvents.PutEvents' }, 400, 'SerializationException'],
    [
      'wrong member types',
      '{"Name": 5}',
      { 'x-amz-target': 'AWSEvents.DescribeRule' },
      400,
      'SerializationException',
    ],
    [
      'Entries not a list',
      '{"Entries": "x"}',
      { 'x-amz-target': 'AWSEvents.PutEvents' },
      400,
      'SerializationException',
    ],
  ])('answers %s with AWS error shape', async (_name, body, headers, status, type) => {
    const res = await post(body, headers);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toEqual({ __type: type, message: expect.any(String) });
  });

  it('never crashes on random bodies and targets', async () => {
    const ops = [
      'PutEvents',
      'PutRule',
      'PutTargets',
      'TestEventPattern',
      'CreateConnection',
      'StartReplay',
      'ListRules',
      'CreateArchive',
      'Nope',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        fc.oneof(
          fc.json(),
          fc.string(),
          fc
            .jsonValue()
            .map((v) =>
              JSON.stringify({ Entries: v, Name: v, Rule: v, Targets: v, EventPattern: v, Event: v }),
            ),
        ),
        async (op, body) => {
          const res = await post(body, { 'x-amz-target': `AWSEvents.${op}` });
          expect(res.status).toBeLessThan(500);
          const parsed = JSON.parse(res.body) as Record<string, unknown>;
          if (res.status !== 200) expect(typeof parsed.__type).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('routes mounted prefixes before the AWS protocol', async () => {
    t.server.mount('/api/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('mounted');
    });
    const res = await request(`${t.server.url}/api/anything`);
    expect(await res.body.text()).toBe('mounted');
  });
});
