import { describe, expect, it } from 'vitest';
import { formatChange, plan } from './plan.ts';
import type { EndpointState, RuleState } from './rule-state.ts';

const empty: EndpointState = {
  bus: 'marketplace',
  busExists: true,
  connections: {},
  destinations: {},
  rules: {},
};
const rule = (pattern = '{"source":["a"]}', attempts = 3): RuleState => ({
  eventPattern: pattern,
  description: 'd',
  state: 'ENABLED',
  target: {
    destination: 'api-destination:portico-a-prod',
    retry: { maximumRetryAttempts: attempts, maximumEventAgeInSeconds: 60 },
  },
});
const one = (r: RuleState = rule()): EndpointState => ({
  ...empty,
  connections: { 'portico-a-prod': { authorizationType: 'API_KEY', visible: 'X-Api-Key' } },
  destinations: {
    'portico-a-prod': {
      connection: 'portico-a-prod',
      endpoint: 'https://a.example',
      httpMethod: 'POST',
      rateLimitPerSecond: 5,
    },
  },
  rules: { 'portico-a-prod': r },
});

const cases: [string, { given: [EndpointState, EndpointState, boolean?]; want: string[] }][] = [
  ['nothing to do when equal', { given: [one(), one()], want: [] }],
  [
    'creates in dependency order, the bus first',
    {
      given: [{ ...empty, busExists: false }, one()],
      want: [
        '+ create event-bus marketplace',
        '+ create connection portico-a-prod',
        '+ create api-destination portico-a-prod',
        '+ create rule portico-a-prod',
        '+ create target portico-a-prod',
      ],
    },
  ],
  [
    'updates a rule whose pattern changed, naming the field',
    { given: [one(), one(rule('{"source":["b"]}'))], want: ['~ update rule portico-a-prod (eventPattern)'] },
  ],
  [
    'updates a target whose retry policy changed',
    { given: [one(), one(rule(undefined, 9))], want: ['~ update target portico-a-prod (retry)'] },
  ],
  ['leaves what the catalogue no longer has without --prune', { given: [one(), empty], want: [] }],
  [
    'deletes it with --prune, the rule before its destination and connection',
    {
      given: [one(), empty, true],
      want: [
        '- delete rule portico-a-prod',
        '- delete api-destination portico-a-prod',
        '- delete connection portico-a-prod',
      ],
    },
  ],
  [
    'creates a missing target on an existing rule',
    {
      given: [one({ ...rule(), target: undefined } as RuleState), one()],
      want: ['+ create target portico-a-prod'],
    },
  ],
];

describe('plan', () => {
  it.each(cases)('%s', (_name, { given: [current, desired, prune], want }) => {
    expect(plan(current, desired, { prune: prune ?? false }).map(formatChange)).toEqual(want);
  });
});
