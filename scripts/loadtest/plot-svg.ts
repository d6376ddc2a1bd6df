// The run's plot: events per second and latency (request p99, end-to-end p99) per second, as an SVG
// of two panels sharing the time axis. Hand-written polylines: a charting library would be a large
// dependency for two lines and an axis.
import { percentile, sortedCopy, type SecondSample } from './metrics.ts';

export interface PlotInput {
  title: string;
  seconds: readonly SecondSample[];
  /** End-to-end latencies per second of sending, when measured. */
  endToEnd?: readonly (readonly number[])[];
}

const W = 800;
const PANEL = 200;
/** The title sits in its own band (TITLE_BASELINE) above the first panel's heading (`top - 8`). */
const TITLE_BASELINE = 20;
const M = { left: 60, right: 20, top: 56, gap: 50, bottom: 40 };

export function plotSvg(input: PlotInput): string {
  const n = Math.max(1, input.seconds.length);
  const x = (i: number) => M.left + (i / Math.max(1, n - 1)) * (W - M.left - M.right);
  const events = input.seconds.map((s) => s.events);
  const p99 = input.seconds.map((s) => s.p99 ?? percentile(sortedCopy(s.latencies), 99));
  const e2e = (input.endToEnd ?? []).map((l) => percentile(sortedCopy(l), 99));
  const top = M.top;
  const bottom = M.top + PANEL + M.gap;
  const height = bottom + PANEL + M.bottom;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${M.left}" y="${TITLE_BASELINE}" font-size="14" font-weight="bold">${escape(input.title)}</text>`,
    ...panel(top, 'events/s accepted', [{ values: events, color: '#1f77b4', label: 'events/s' }], x),
    ...panel(
      bottom,
      'latency p99 per second (ms)',
      [
        { values: p99, color: '#d62728', label: 'request p99' },
        ...(e2e.length > 0 ? [{ values: e2e, color: '#2ca02c', label: 'end-to-end p99' }] : []),
      ],
      x,
    ),
    `<text x="${W / 2}" y="${height - 8}" text-anchor="middle">seconds since start (0-${n - 1})</text>`,
    '</svg>',
  ];
  return out.join('\n') + '\n';
}

function panel(
  y0: number,
  title: string,
  series: { values: number[]; color: string; label: string }[],
  x: (i: number) => number,
): string[] {
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const max = niceMax(Math.max(1, ...finite));
  const y = (v: number) => y0 + PANEL - (v / max) * PANEL;
  const lines = [
    `<text x="${M.left}" y="${y0 - 8}">${escape(title)}</text>`,
    `<line x1="${M.left}" y1="${y0 + PANEL}" x2="${W - M.right}" y2="${y0 + PANEL}" stroke="#333"/>`,
    `<line x1="${M.left}" y1="${y0}" x2="${M.left}" y2="${y0 + PANEL}" stroke="#333"/>`,
  ];
  for (const f of [0, 0.5, 1])
    lines.push(`<text x="${M.left - 6}" y="${y(max * f) + 4}" text-anchor="end">${round(max * f)}</text>`);
  series.forEach((s, k) => {
    const points = s.values
      .map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : ''))
      .filter(Boolean);
    lines.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${points.join(' ')}"/>`);
    lines.push(
      `<text x="${W - M.right - 150}" y="${y0 + 14 + k * 14}" fill="${s.color}">${escape(s.label)}</text>`,
    );
  });
  return lines;
}

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((c) => c >= v) ?? v;
}

function round(v: number): string {
  return Number.isInteger(v) ? `${v}` : v.toFixed(1);
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
