import { describe, expect, it } from 'vitest';
import { plotSvg } from './plot-svg.ts';

const second = (n: number) => ({ second: n, requests: 10, events: 10, errors: 0, latencies: [1, 2, 3] });

/** The baselines (y) of the text elements, in document order. */
function baselines(svg: string): { y: number; size: number; text: string }[] {
  return [...svg.matchAll(/<text [^>]*y="([\d.]+)"([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
    y: Number(m[1]),
    size: /font-size="(\d+)"/.exec(m[2] ?? '') ? Number(/font-size="(\d+)"/.exec(m[2]!)![1]) : 12,
    text: m[3]!,
  }));
}

describe('plotSvg', () => {
  it('keeps the title clear of the first panel heading', () => {
    const texts = baselines(plotSvg({ title: 'portico loadtest', seconds: [second(0), second(1)] }));
    const title = texts.find((t) => t.text === 'portico loadtest')!;
    const heading = texts.find((t) => t.text === 'events/s accepted')!;
    // The heading's ascent (its size) must start below the title's baseline.
    expect(heading.y - heading.size).toBeGreaterThanOrEqual(title.y + 4);
  });
});
