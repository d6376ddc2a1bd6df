import { describe, expect, it } from 'vitest';
import { RunMetrics } from './metrics.ts';

describe('RunMetrics', () => {
  it('keeps every latency per part, and of each finished second only its p99', () => {
    const m = new RunMetrics(1_000);
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1);
    for (const l of latencies) m.request('users', 1_000 + l, l, true);
    for (const l of [5, 7]) m.request('users', 2_500, l, true);
    m.request('users', 4_100, 3, false, 'HTTP 500');
    expect(m.part('users').latencies).toEqual([...latencies, 5, 7, 3]);
    expect(
      m.seconds.map(({ second, requests, errors, latencies: l, p99 }) => ({
        second,
        requests,
        errors,
        l,
        p99,
      })),
    ).toEqual([
      { second: 0, requests: 100, errors: 0, l: [], p99: 99 },
      { second: 1, requests: 2, errors: 0, l: [], p99: 7 },
      { second: 2, requests: 0, errors: 0, l: [], p99: undefined },
      { second: 3, requests: 1, errors: 1, l: [3], p99: undefined },
    ]);
  });
});
