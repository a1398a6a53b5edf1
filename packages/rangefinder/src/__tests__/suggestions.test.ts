import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accuracyBounds,
  bounds,
  edge,
  emaSmooth,
  minimumDivTen,
  RangeTestError,
  robust,
  SUGGESTION_NAMES,
  type Suggestion,
  slide,
  steepest,
  sweepLrs,
  valley,
} from '../index.js';
import { lowess } from '../lowess.js';

// Hand-checked against the definitions (fastai's `steep`, `minimum`, `valley`, `slide`).
describe('suggestions: small hand-checked curves', () => {
  const lrs = [1e-3, 1e-2, 1e-1, 1];
  it('steepest: start of the segment with the most negative slope per decade', () => {
    expect(steepest(lrs, [2, 1.9, 1, 0.9])).toEqual({ lr: 0.01, loss: 1.9 });
  });
  it('minimumDivTen: a tenth of the rate at the minimum', () => {
    expect(minimumDivTen(lrs, [2, 1.5, 1, 3])).toEqual({ lr: 0.01, loss: 1.5 });
  });
  it('valley: half-way down the longest decreasing run', () => {
    // Run 3.1 > 2 > 1 > 0.5 > 0.4 at indices 1..5: sections = 4/3, index = 1 + 1 + 0.
    const valleyLrs = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100];
    expect(valley(valleyLrs, [3, 3.1, 2, 1, 0.5, 0.4, 9]).lr).toBe(0.01);
  });
  it('slide: slides left while the gradients at both ends differ', () => {
    // Gradients per point: [-0.5, -0.5, 0.75, 2]; with lrDiff 1 it stops at (0, 1).
    expect(slide(lrs, [2, 1.5, 1, 3], { lrDiff: 1 }).lr).toBe(0.01);
  });
  // A curve LOWESS reproduces exactly: straight in log-lr wherever a fit window (span 0.05 =
  // 0.35 decades here) does not reach a corner. Plateau 2 up to 10^-3, down to 0 at 10^-1
  // (slope 1 per decade), flat to 10^0.5, then up by 0.5 per decade. So the fit's plateau is 2,
  // its minimum 0, and the crossings are read off the lines by hand.
  const lineLrs = Array.from({ length: 141 }, (_, i) => 10 ** (-5 + i / 20));
  const lineLosses = lineLrs.map((lr) => {
    const x = Math.log10(lr);
    if (x < -3) return 2;
    if (x < -1) return -1 - x;
    if (x < 0.5) return 0;
    return 0.5 * (x - 0.5);
  });
  // Fractions chosen so the crossings fall between grid points (every 0.05 decades).
  it('robust: 87% of the fall, 2 - 0.87 x 2 = 0.26, is reached at x = -1.26', () => {
    const { lr, loss } = robust(lineLrs, lineLosses, { span: 0.05, dropFraction: 0.87 });
    expect(lr / 10 ** -1.26).toBeCloseTo(1, 9);
    expect(loss).toBeCloseTo(0.26, 9);
  });
  it('edge: 13% of the fall back up, 0 + 0.13 x 2 = 0.26, is reached at x = 1.02', () => {
    const { lr, loss } = edge(lineLrs, lineLosses, { span: 0.05, riseFraction: 0.13 });
    expect(lr / 10 ** 1.02).toBeCloseTo(1, 9);
    expect(loss).toBeCloseTo(0.26, 9);
  });
  it('robust: near the knee of a smooth curve, where its documented example puts it', () => {
    const curveLrs = Array.from({ length: 50 }, (_, i) => 10 ** (-4 + i / 10));
    const losses = curveLrs.map((lr) => 1 / (1 + 10 * lr) + (lr > 1 ? lr : 0));
    // The TSDoc example says ~0.3: within 10% of it.
    expect(robust(curveLrs, losses).lr / 0.3).toBeCloseTo(1, 1);
  });
  it('robust: the first rate when the loss never falls', () => {
    const curveLrs = sweepLrs(1e-3, 1, 30, 'exponential');
    expect(
      robust(
        curveLrs,
        curveLrs.map((lr) => 1 + lr),
      ).lr,
    ).toBe(1e-3);
  });
  it('edge: where the loss has climbed back 10% of its fall, past the minimum', () => {
    const curveLrs = Array.from({ length: 60 }, (_, i) => 10 ** (-4 + i / 10));
    const losses = curveLrs.map((lr) => 1 / (1 + 100 * lr) + (lr > 0.3 ? 10 * (lr - 0.3) : 0));
    const { lr } = edge(curveLrs, losses);
    // The loss turns at 0.3; the fit (span 0.2 = 1.2 decades here) rounds the corner early.
    expect(lr).toBeGreaterThan(0.15);
    expect(lr).toBeLessThan(0.5);
    expect(lr).toBeGreaterThan(robust(curveLrs, losses).lr);
    // A smaller rise fraction reads an earlier point of the same climb.
    expect(edge(curveLrs, losses, { riseFraction: 0.02 }).lr).toBeLessThan(lr);
  });
  it('edge: the last rate before the blow-up when the loss never climbs back', () => {
    const curveLrs = sweepLrs(1e-3, 1, 30, 'exponential');
    const falling = curveLrs.map((lr) => 1 / (1 + 100 * lr));
    expect(edge(curveLrs, falling).lr).toBe(1);
    // Stopped early on a non-finite loss: the largest finite point is the edge seen so far.
    const stopped = falling.map((loss, i) => (i >= 20 ? Number.NaN : loss));
    expect(edge(curveLrs, stopped).lr).toBe(curveLrs[19]);
  });
  it('edge: the first rate when the loss never falls', () => {
    const curveLrs = sweepLrs(1e-3, 1, 30, 'exponential');
    expect(
      edge(
        curveLrs,
        curveLrs.map((lr) => 1 + lr),
      ).lr,
    ).toBe(1e-3);
    expect(() => edge(curveLrs, curveLrs, { riseFraction: 0 })).toThrow(
      'edge: expected riseFraction to be a number in (0, 1], got 0',
    );
  });
  it('accuracyBounds: where the metric starts and stops rising', () => {
    const metricLrs = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];
    const { base, max } = accuracyBounds(metricLrs, [0.1, 0.1, 0.5, 0.8, 0.82, 0.1]);
    // Rise 0.72 from 1e-3 to 1: 10% reached between 1e-3 and 1e-2, 90% between 1e-2 and 0.1.
    expect(base.lr).toBeGreaterThan(1e-3);
    expect(base.lr).toBeLessThan(1e-2);
    expect(max.lr).toBeGreaterThan(1e-2);
    expect(max.lr).toBeLessThan(1e-1);
    const down = accuracyBounds(metricLrs, [2.3, 2.3, 1.5, 0.9, 0.85, 3], {
      higherIsBetter: false,
    });
    expect(down.base.lr).toBeLessThan(down.max.lr);
    expect(down.max.loss).toBeLessThan(1.5);
  });
  it('accuracyBounds: both at the first rate when the metric never improves', () => {
    const { base, max } = accuracyBounds([1, 2, 3], [0.5, 0.4, 0.3]);
    expect(base.lr).toBe(1);
    expect(max.lr).toBe(1);
  });
});

describe('emaSmooth and lowess', () => {
  it('emaSmooth is fastai-style bias-corrected', () => {
    expect(emaSmooth([4, 2, 2], 0.5)).toEqual([4, 8 / 3, 2 + 2 / 7]);
    expect(emaSmooth([1, 5], 0)).toEqual([1, 5]);
    expect(() => emaSmooth([1], 1)).toThrow(
      'emaSmooth: expected beta to be a number in [0, 1), got 1',
    );
  });
  it('lowess reproduces a line exactly', () => {
    const x = Array.from({ length: 20 }, (_, i) => i / 3);
    const { fitted } = lowess(
      x,
      x.map((v) => 2 - 3 * v),
      0.3,
      2,
    );
    fitted.forEach((f, i) => {
      expect(f).toBeCloseTo(2 - 3 * (x[i] as number), 10);
    });
  });
});

describe('suggestions reject what is not a curve', () => {
  const functions = { steepest, minimumDivTen, valley, slide, robust, edge } as const;
  for (const [name, fn] of Object.entries(functions)) {
    it(name, () => {
      expect(() => fn([1, 2], [1])).toThrow(
        `${name}: expected losses to have the length of lrs (2), got 1`,
      );
      expect(() => fn([1, 1], [1, 2])).toThrow(
        `${name}: expected lrs to be finite, positive and strictly increasing, got 1 at index 1`,
      );
      expect(() => fn([1, 2, 3], [1, Number.NaN, 2])).toThrow(RangeTestError);
      expect(() => fn([1], [1])).toThrow(
        `${name}: expected at least 2 finite losses before the first non-finite one, got 1`,
      );
    });
  }
});

/** A swept curve: increasing positive rates with arbitrary (sometimes noisy, sometimes wild) losses. */
const curveArbitrary = fc
  .record({
    start: fc.double({ min: -8, max: 0, noNaN: true }),
    decades: fc.double({ min: 0.5, max: 8, noNaN: true }),
    linear: fc.boolean(),
    losses: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
      minLength: 2,
      maxLength: 120,
    }),
    blowUpAt: fc.option(fc.nat(), { nil: undefined }),
    blowUp: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  })
  .map(({ start, decades, linear, losses, blowUpAt, blowUp }) => {
    const lrs = sweepLrs(
      10 ** start,
      10 ** (start + decades),
      losses.length,
      linear ? 'linear' : 'exponential',
    );
    const withBlowUp = [...losses];
    // A non-finite tail, as a diverging trainer produces; keep at least 2 finite points.
    if (blowUpAt !== undefined && blowUpAt + 2 < losses.length) {
      withBlowUp[blowUpAt + 2] = blowUp;
    }
    return { lrs, losses: withBlowUp };
  });

/**
 * Range-test-like curves without ties: a falling tanh step, a ripple, a quadratic blow-up and
 * a small steady slope, so no two points of the curve or of its fit are equal up to rounding
 * (where a tie-break would decide, a translation of the sweep may break the tie the other way).
 * The slope is curved (a t^2 term): tanh is point-symmetric about its centre, so with a centre
 * half-way between two sweep points a straight slope leaves their gradients equal, and
 * fast-check found that tie (seed -720650226).
 */
const genericCurveArbitrary = fc
  .record({
    start: fc.double({ min: -8, max: 0, noNaN: true }),
    decades: fc.double({ min: 1, max: 8, noNaN: true }),
    points: fc.integer({ min: 20, max: 120 }),
    centre: fc.double({ min: 0.1, max: 0.7, noNaN: true }),
    width: fc.double({ min: 0.02, max: 0.3, noNaN: true }),
    ripple: fc.double({ min: 0, max: 0.2, noNaN: true }),
    blowUpFrom: fc.double({ min: 0.5, max: 1, noNaN: true }),
  })
  .map(({ start, decades, points, centre, width, ripple, blowUpFrom }) => {
    const lrs = sweepLrs(10 ** start, 10 ** (start + decades), points, 'exponential');
    const losses = lrs.map((_, i) => {
      const t = i / (points - 1);
      const blowUp = t > blowUpFrom ? 50 * (t - blowUpFrom) ** 2 : 0;
      return (
        2 -
        Math.tanh((t - centre) / width) +
        ripple * Math.sin(37 * t) +
        0.01 * t +
        0.02 * t * t +
        blowUp
      );
    });
    return { lrs, losses };
  });

describe('suggestion properties (fast-check)', () => {
  const single: [string, (lrs: number[], losses: number[]) => Suggestion][] = [
    ['steepest', steepest],
    ['valley', valley],
    ['slide', slide],
    ['robust', robust],
    ['edge', edge],
  ];
  for (const [name, fn] of single) {
    // Every criterion reads the curve on log10(lr): moving the sweep by k decades moves the
    // suggestion by k decades and keeps its marker (up to the rounding of 10^x).
    it(`${name}: moving the sweep by whole decades moves the suggestion with it`, () => {
      fc.assert(
        fc.property(
          genericCurveArbitrary,
          fc.integer({ min: -3, max: 3 }),
          ({ lrs, losses }, k) => {
            const here = fn(lrs, losses);
            const moved = fn(
              lrs.map((lr) => lr * 10 ** k),
              losses,
            );
            expect(moved.lr / (here.lr * 10 ** k)).toBeCloseTo(1, 6);
            expect(moved.loss).toBeCloseTo(here.loss, 6);
          },
        ),
        { numRuns: 100 },
      );
    });
  }

  it('edge: never below robust (the same fit, read past its minimum)', () => {
    fc.assert(
      fc.property(curveArbitrary, ({ lrs, losses }) => {
        expect(edge(lrs, losses).lr).toBeGreaterThanOrEqual(robust(lrs, losses).lr);
      }),
      { numRuns: 200 },
    );
  });

  it('minimumDivTen: a tenth of a swept rate, at the lowest finite loss', () => {
    fc.assert(
      fc.property(curveArbitrary, ({ lrs, losses }) => {
        const { lr } = minimumDivTen(lrs, losses);
        const index = lrs.findIndex((swept) => swept / 10 === lr);
        expect(index).toBeGreaterThanOrEqual(0);
        const end = losses.findIndex((loss) => !Number.isFinite(loss));
        const finite = end < 0 ? losses : losses.slice(0, end);
        expect(losses[index] === Math.min(...finite)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('accuracyBounds: a lower-is-better metric gives the bounds of its mirror image', () => {
    fc.assert(
      fc.property(curveArbitrary, ({ lrs, losses }) => {
        const up = accuracyBounds(lrs, losses);
        const down = accuracyBounds(
          lrs,
          losses.map((value) => -value),
          { higherIsBetter: false },
        );
        expect(down.base.lr).toBe(up.base.lr);
        expect(down.max.lr).toBe(up.max.lr);
        expect(down.base.loss).toBe(-up.base.loss);
        expect(down.max.loss).toBe(-up.max.loss);
      }),
      { numRuns: 200 },
    );
  });

  it('robust: the same rate when the loss is rescaled (by powers of two, exact in floating point)', () => {
    fc.assert(
      fc.property(curveArbitrary, fc.integer({ min: -10, max: 10 }), ({ lrs, losses }, power) => {
        // Subnormal numbers lose bits when scaled: keep to normal ones.
        const normal = losses.map((loss) => (Math.abs(loss) < 1e-200 ? 0 : loss));
        const scaled = normal.map((loss) => loss * 2 ** power);
        expect(robust(lrs, scaled).lr).toBe(robust(lrs, normal).lr);
      }),
      { numRuns: 100 },
    );
  });

  it('bounds: moving the sweep by whole decades moves both bounds with it', () => {
    const suggestionsOf = (lrs: number[], losses: number[]) => ({
      lrs,
      reason: 'completed' as const,
      suggestions: {
        edge: edge(lrs, losses),
        robust: robust(lrs, losses),
        steepest: steepest(lrs, losses),
        minimumDivTen: minimumDivTen(lrs, losses),
        valley: valley(lrs, losses),
        slide: slide(lrs, losses),
        accuracy: accuracyBounds(lrs, losses),
      },
    });
    fc.assert(
      fc.property(
        genericCurveArbitrary,
        fc.integer({ min: -3, max: 3 }),
        fc.constantFrom(...SUGGESTION_NAMES),
        ({ lrs, losses }, k, suggestion) => {
          const here = bounds(suggestionsOf(lrs, losses) as never, { suggestion });
          const moved = bounds(
            suggestionsOf(
              lrs.map((lr) => lr * 10 ** k),
              losses,
            ) as never,
            { suggestion },
          );
          expect(moved.maxLr / (here.maxLr * 10 ** k)).toBeCloseTo(1, 6);
          expect(moved.baseLr / (here.baseLr * 10 ** k)).toBeCloseTo(1, 6);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('bounds', () => {
  const base = {
    lrs: [1, 2],
    reason: 'completed',
    suggestions: {
      edge: { lr: 1.2, loss: 1 },
      robust: { lr: 0.4, loss: 1 },
      steepest: { lr: 0.1, loss: 1 },
      minimumDivTen: undefined,
      valley: { lr: 0.2, loss: 1 },
      slide: undefined,
      accuracy: { base: { lr: 0.01, loss: 0.3 }, max: { lr: 0.3, loss: 0.8 } },
    },
  } as never;
  it('defaults to maxLr = max(edge / 4, 2 x robust), baseLr = maxLr / 4', () => {
    // edge / 4 = 0.3 is below 2 x robust = 0.8: the floor decides.
    expect(bounds(base)).toEqual({ baseLr: 0.2, maxLr: 0.8 });
    expect(bounds(base, { floor: 0 })).toEqual({ baseLr: 0.075, maxLr: 0.3 });
    expect(bounds(base, { maxFactor: 1 })).toEqual({ baseLr: 0.3, maxLr: 1.2 });
    expect(bounds(base, { suggestion: 'robust' })).toEqual({ baseLr: 0.2, maxLr: 0.8 });
    expect(bounds(base, { suggestion: 'valley', maxFactor: 1, baseDivisor: 2 })).toEqual({
      baseLr: 0.1,
      maxLr: 0.2,
    });
  });
  it('reads both bounds off the metric in accuracy mode', () => {
    expect(bounds(base, { from: 'accuracy' })).toEqual({ baseLr: 0.01, maxLr: 0.3 });
  });
  it('throws typed errors', () => {
    expect(() => bounds(base, { suggestion: 'slide' })).toThrow(
      'bounds: expected the result to have a slide suggestion, got none (2 points, stopped: completed)',
    );
    expect(() => bounds(base, { maxFactor: 0 })).toThrow(
      'bounds: expected maxFactor to be a positive finite number, got 0',
    );
    expect(() => bounds(base, { floor: -1 })).toThrow(
      'bounds: expected floor to be a finite number >= 0, got -1',
    );
    expect(() => bounds(base, { baseDivisor: 0.5 })).toThrow(
      'bounds: expected baseDivisor to be a finite number >= 1, got 0.5',
    );
    expect(() => bounds(base, { suggestion: 'best' as never })).toThrow(
      'bounds: expected suggestion to be one of edge, robust, steepest, minimumDivTen, valley, slide, got "best"',
    );
    expect(() => bounds(base, { from: 'both' as never })).toThrow(
      'bounds: expected from to be "loss" or "accuracy", got "both"',
    );
  });
});
