import { describe, expect, it } from 'vitest';
import type { TargetRecord } from '../resources/rule-store.ts';
import { parseJsonPath } from './json-path.ts';
import { targetInput, type InputContext } from './target-input.ts';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'marketplace requests',
  source: 'com.marketplace.market',
  account: '000000000000',
  time: '2024-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:r1'],
  detail: {
    user_id: '123',
    '3rdparty': 'acme',
    amount: 12.5,
    documents: [{ kind: 'id-card' }],
    note: 'say "hi"',
  },
};
const ctx: InputContext = {
  event,
  eventJson: JSON.stringify(event),
  ruleArn: 'arn:aws:events:eu-west-1:000000000000:rule/marketplace/r',
  ruleName: 'r',
  ingestedAt: Date.UTC(2024, 0, 1, 0, 0, 1),
};
const t = (extra: Partial<TargetRecord>): TargetRecord => ({
  Id: 't',
  Arn: 'arn:aws:sqs:eu-west-1:0:q',
  ...extra,
});

// Input transformation (InputTransformer) is tabled through the SDK in input-transformation.test.ts.
const cases: [string, { given: TargetRecord; want: string }][] = [
  ['no input: the whole event', { given: t({}), want: ctx.eventJson }],
  ['constant Input', { given: t({ Input: '{"fixed":true}' }), want: '{"fixed":true}' }],
  [
    'InputPath to an object',
    { given: t({ InputPath: '$.detail.documents[0]' }), want: '{"kind":"id-card"}' },
  ],
  ['InputPath with a bracketed name', { given: t({ InputPath: "$.detail['3rdparty']" }), want: '"acme"' }],
];

describe('targetInput', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(targetInput(given, ctx)).toBe(want);
  });
});

describe('parseJsonPath', () => {
  it.each([
    ['$', []],
    ['$.detail.user_id', ['detail', 'user_id']],
    ['$.detail.3rdparty', ['detail', '3rdparty']],
    ['$.resources[0]', ['resources', 0]],
    ['$["detail"][\'a b\']', ['detail', 'a b']],
  ] as const)('%s', (path, want) => {
    expect(parseJsonPath(path)).toEqual(want);
  });

  it.each(['detail', '$..x', '$.a[?(@.b)]', '$.'])('rejects %s', (path) => {
    expect(() => parseJsonPath(path)).toThrow(/JSONPath/);
  });
});
