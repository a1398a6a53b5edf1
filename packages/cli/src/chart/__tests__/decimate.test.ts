import { describe, expect, it } from 'vitest';
import { decimate } from '../decimate.js';
import { lineChartSpec } from '../line-chart-spec.js';

describe('decimate', () => {
  it('keeps short series whole', () => {
    expect(decimate([0, 1, 2], [5, 6, 7], 10)).toEqual({ x: [0, 1, 2], y: [5, 6, 7] });
  });

  it('keeps every peak and trough of a fast cycle, the ends, and the point budget', () => {
    // Period-10 triangle wave over 100k points: plain subsampling to 1000 points would alias.
    const x = Array.from({ length: 100_000 }, (_, i) => i);
    const y = x.map((i) => Math.abs((i % 10) - 5));
    const thinned = decimate(x, y, 1000);
    expect(thinned.x.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...thinned.y)).toBe(5);
    expect(Math.min(...thinned.y)).toBe(0);
    expect(thinned.x[0]).toBe(0);
    expect(thinned.x.at(-1)).toBe(99_999);
    expect(thinned.x.every((value, i) => i === 0 || value > (thinned.x[i - 1] as number))).toBe(
      true,
    );
  });
});

describe('lineChartSpec', () => {
  it('stacks one panel per y axis and drops non-finite points', () => {
    const spec = lineChartSpec(
      [
        { title: 'lr', series: [{ name: 'lr', x: [0, 1, 2], y: [0.1, Number.NaN, 0.3] }] },
        { title: 'momentum', series: [{ name: 'momentum', x: [0, 1, 2], y: [0.9, 0.8, 0.9] }] },
      ],
      { title: 'demo' },
    ) as unknown as { vconcat: { data: { values: unknown[] } }[] };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0]?.data.values).toEqual([
      { x: 0, y: 0.1, series: 'lr' },
      { x: 2, y: 0.3, series: 'lr' },
    ]);
  });
});
