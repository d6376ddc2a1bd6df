// Explanations of single patterns: each miss kind, `$or` branches, operators written back in the
// pattern's terms, and the walkthrough's legacy event against 3rdparty1's generated rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainMatch } from './explain-match.ts';

const rule3rdparty1 = JSON.parse(
  readFileSync(new URL('../../../generated/rules/3rdparty1-prod.json', import.meta.url), 'utf8'),
) as { eventPattern: object };

const cases: Array<[string, { pattern: object; event: object; want: unknown }]> = [
  [
    'a match has no miss',
    { pattern: { a: ['x'] }, event: { a: 'x' }, want: { matches: true, branches: [{ matches: true }] } },
  ],
  [
    'a field the event lacks',
    {
      pattern: { a: ['x'], b: ['y'] },
      event: { a: 'x' },
      want: {
        matches: false,
        branches: [{ matches: false, miss: { field: 'b', kind: 'missing', wanted: ['y'], had: [] } }],
      },
    },
  ],
  [
    'a value the pattern does not list',
    {
      pattern: { detail: { '3rdparty': ['techhub'] } },
      event: { detail: { '3rdparty': '3rdparty1' } },
      want: {
        branches: [
          {
            miss: {
              field: 'detail.3rdparty',
              kind: 'different',
              wanted: ['techhub'],
              had: ['3rdparty1'],
              text: 'detail.3rdparty: wanted "techhub", had "3rdparty1"',
            },
          },
        ],
      },
    },
  ],
  [
    'a field that must be absent',
    {
      pattern: { a: [{ exists: false }] },
      event: { a: 1 },
      want: { branches: [{ miss: { field: 'a', kind: 'present', wanted: [{ exists: false }], had: [1] } }] },
    },
  ],
  [
    'operators written back as the pattern wrote them',
    {
      pattern: { n: [{ numeric: ['>=', 100, '<=', 5000] }], s: [{ prefix: 'ab' }, { wildcard: 'x*y' }] },
      event: { n: 50, s: 'zz' },
      want: {
        branches: [{ miss: { field: 'n', wanted: [{ numeric: ['>=', 100, '<=', 5000] }], had: [50] } }],
      },
    },
  ],
  [
    'IP addresses and CIDR blocks',
    {
      pattern: { ip: ['10.0.0.1', { cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }] },
      event: { ip: '192.168.0.1' },
      want: {
        branches: [
          { miss: { wanted: ['10.0.0.1', { cidr: '10.0.0.0/24' }, { cidr: '2001:db8:0:0:0:0:0:0/32' }] } },
        ],
      },
    },
  ],
  [
    'values in another array element than the fields before',
    {
      pattern: { r: { a: ['1'], b: ['2'] } },
      event: {
        r: [
          { a: '1', b: '9' },
          { a: '8', b: '2' },
        ],
      },
      want: { branches: [{ miss: { field: 'r.b', kind: 'other-element', wanted: ['2'], had: ['9', '2'] } }] },
    },
  ],
  [
    '$or: one reason a branch',
    {
      pattern: { $or: [{ a: ['x'] }, { b: [{ numeric: ['>', 5] }] }] },
      event: { a: 'y', b: 3 },
      want: {
        matches: false,
        branches: [
          { matches: false, miss: { field: 'a', had: ['y'] } },
          { matches: false, miss: { field: 'b', wanted: [{ numeric: ['>', 5] }], had: [3] } },
        ],
      },
    },
  ],
];

describe('explainMatch', () => {
  it.each(cases)('%s', (_name, { pattern, event, want }) => {
    expect(explainMatch(pattern, event)).toMatchObject(want as object);
  });

  it("explains the walkthrough's legacy event against portico-3rdparty1-prod as a match", () => {
    const event = {
      source: 'com.marketplace.market',
      'detail-type': 'marketplace requests',
      detail: { user_id: '123456789', request_status: 'new', '3rdparty': '3rdparty1', requests1: 'books' },
    };
    const e = explainMatch(rule3rdparty1.eventPattern, event);
    expect(e.matches).toBe(true);
    expect(e.branches.map((b) => b.matches)).toEqual([false, true, false, false]);
    expect(e.branches[0]?.miss?.text).toBe(
      'detail.environment: wanted "prod", the event has no detail.environment',
    );
  });
});
