// k6 thresholds (https://grafana.com/docs/k6/latest/using-k6/thresholds/) evaluated by the Node
// runner over its own metrics, so that a scenario's thresholds mean the same under both runners.
// Supported: `http_req_failed` and `checks` (rate), `http_req_duration` and the runner's own
// `e2e_latency` (percentiles, avg, min, max, med), the counters `lost`, `misrouted`, `duplicates`,
// `status_events_failed` and `dropped_iterations` (count), each optionally filtered by `{scenario:<part>}`.
import { percentile, sortedCopy } from './metrics.ts';

export interface ThresholdResult {
  metric: string;
  expression: string;
  /** The value the expression was tested against; NaN when the metric had no samples. */
  value: number;
  passed: boolean;
}

export interface MetricSource {
  /** Rate metrics: [passes, total]. */
  rate(metric: string, part: string | undefined): [number, number] | undefined;
  /** Trend metrics: the samples. */
  trend(metric: string, part: string | undefined): readonly number[] | undefined;
  /** Counter metrics. */
  count(metric: string, part: string | undefined): number | undefined;
}

const KEY = /^([a-z_0-9]+)(?:\{scenario:([a-z0-9-]+)\})?$/;
const EXPRESSION =
  /^(rate|count|avg|min|max|med|p\((\d+(?:\.\d+)?)\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)$/;

export class ThresholdSyntaxError extends Error {}

export function evaluateThresholds(
  thresholds: Record<string, string[]>,
  source: MetricSource,
): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  for (const [key, expressions] of Object.entries(thresholds)) {
    const k = KEY.exec(key);
    if (!k)
      throw new ThresholdSyntaxError(`threshold \`${key}\`: expected <metric> or <metric>{scenario:<name>}`);
    const [, metric = '', part] = k;
    for (const expression of expressions) {
      const value = valueOf(metric, part, expression, source);
      results.push({ metric: key, expression, value, passed: compare(value, expression) });
    }
  }
  return results;
}

function valueOf(metric: string, part: string | undefined, expression: string, source: MetricSource): number {
  const e = EXPRESSION.exec(expression.trim());
  if (!e)
    throw new ThresholdSyntaxError(
      `threshold \`${metric}: ${expression}\`: not an expression this runner evaluates`,
    );
  const aggregate = e[1]!;
  if (aggregate === 'rate') {
    const r = source.rate(metric, part);
    return r && r[1] > 0 ? r[0] / r[1] : Number.NaN;
  }
  if (aggregate === 'count') return source.count(metric, part) ?? Number.NaN;
  const samples = sortedCopy(source.trend(metric, part) ?? []);
  if (aggregate === 'avg')
    return samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN;
  if (aggregate === 'min') return samples[0] ?? Number.NaN;
  if (aggregate === 'max') return samples.at(-1) ?? Number.NaN;
  if (aggregate === 'med') return percentile(samples, 50);
  return percentile(samples, Number(e[2]));
}

/** An expression over no samples passes, as k6's does: nothing was measured that broke it. */
function compare(value: number, expression: string): boolean {
  const e = EXPRESSION.exec(expression.trim())!;
  if (Number.isNaN(value)) return true;
  const limit = Number(e[4]);
  switch (e[3]) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '!=':
      return value !== limit;
    default:
      return value === limit;
  }
}
