import { describe, expect, it } from 'vitest';
import { evaluateThresholds, ThresholdSyntaxError, type MetricSource } from './thresholds.ts';

const source: MetricSource = {
  rate: (metric, part) =>
    metric === 'http_req_failed'
      ? part === 'users'
        ? [1, 100]
        : [0, 50]
      : metric === 'checks'
        ? [10, 10]
        : undefined,
  trend: (metric) =>
    metric === 'http_req_duration' ? Array.from({ length: 100 }, (_, i) => i + 1) : undefined,
  count: (metric) => (metric === 'lost' ? 0 : metric === 'misrouted' ? 2 : undefined),
};

describe('evaluateThresholds', () => {
  it.each([
    [
      'error rate of a part over its limit',
      { given: { 'http_req_failed{scenario:users}': ['rate<=0'] }, want: [false, 0.01] },
    ],
    [
      'error rate of another part within it',
      { given: { 'http_req_failed{scenario:partners}': ['rate<=0'] }, want: [true, 0] },
    ],
    ['p95 nearest rank', { given: { http_req_duration: ['p(95)<96'] }, want: [true, 95] }],
    ['p99 over the limit', { given: { http_req_duration: ['p(99)<99'] }, want: [false, 99] }],
    ['checks all passed', { given: { checks: ['rate==1'] }, want: [true, 1] }],
    ['a counter that must be zero', { given: { misrouted: ['count==0'] }, want: [false, 2] }],
    ['no samples pass, as in k6', { given: { e2e_latency: ['p(99)<100'] }, want: [true, Number.NaN] }],
  ])('%s', (_, { given, want }) => {
    const [result] = evaluateThresholds(given, source);
    expect([result?.passed, result?.value]).toEqual(want);
  });

  it.each([
    ['http_req_duration{name:x}', 'p(95)<1'],
    ['http_req_duration', 'p95 < 1'],
  ])('refuses %s: %s', (key, expression) => {
    expect(() => evaluateThresholds({ [key]: [expression] }, source)).toThrow(ThresholdSyntaxError);
  });
});
