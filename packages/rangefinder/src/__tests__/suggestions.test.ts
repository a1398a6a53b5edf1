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
  it('robust: between the steepest fall and the minimum of a clean curve', () => {
    const curveLrs = Array.from({ length: 50 }, (_, i) => 10 ** (-4 + i / 10));
    const losses = curveLrs.map((lr) => 1 / (1 + 10 * lr) + (lr > 1 ? lr : 0));
    const { lr } = robust(curveLrs, losses);
    expect(lr).toBeGreaterThan(0.05);
    expect(lr).toBeLessThan(1);
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

describe('suggestion properties (fast-check)', () => {
  const single: [string, (lrs: number[], losses: number[]) => Suggestion][] = [
    ['steepest', steepest],
    ['valley', valley],
    ['slide', slide],
    ['robust', robust],
    ['edge', edge],
  ];
  for (const [name, fn] of single) {
    it(`${name}: a finite rate inside the swept range, a finite marker`, () => {
      fc.assert(
        fc.property(curveArbitrary, ({ lrs, losses }) => {
          const { lr, loss } = fn(lrs, losses);
          expect(Number.isFinite(lr)).toBe(true);
          expect(Number.isFinite(loss)).toBe(true);
          expect(lr).toBeGreaterThanOrEqual(lrs[0] as number);
          expect(lr).toBeLessThanOrEqual(lrs.at(-1) as number);
        }),
        { numRuns: 200 },
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

  it('accuracyBounds: finite, inside the range, base <= max', () => {
    fc.assert(
      fc.property(curveArbitrary, fc.boolean(), ({ lrs, losses }, higherIsBetter) => {
        const { base, max } = accuracyBounds(lrs, losses, { higherIsBetter });
        for (const point of [base, max]) {
          expect(Number.isFinite(point.lr)).toBe(true);
          expect(Number.isFinite(point.loss)).toBe(true);
          expect(point.lr).toBeGreaterThanOrEqual((lrs[0] as number) * (1 - 1e-12));
          expect(point.lr).toBeLessThanOrEqual((lrs.at(-1) as number) * (1 + 1e-12));
        }
        expect(base.lr).toBeLessThanOrEqual(max.lr);
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

  it('bounds: maxLr = maxFactor x suggestion, baseLr = maxLr / baseDivisor', () => {
    fc.assert(
      fc.property(
        curveArbitrary,
        fc.constantFrom('edge', 'robust', 'steepest', 'minimumDivTen', 'valley', 'slide' as const),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        ({ lrs, losses }, suggestion, baseDivisor, maxFactor) => {
          const fns = { edge, robust, steepest, minimumDivTen, valley, slide };
          const picked = fns[suggestion](lrs, losses);
          const result = {
            lrs,
            reason: 'completed' as const,
            suggestions: {
              edge: undefined,
              robust: undefined,
              steepest: undefined,
              minimumDivTen: undefined,
              valley: undefined,
              slide: undefined,
              accuracy: undefined,
              [suggestion]: picked,
            },
          };
          const { baseLr, maxLr } = bounds(result as never, {
            suggestion,
            baseDivisor,
            maxFactor,
            floor: 0,
          });
          expect(maxLr).toBe(picked.lr * maxFactor);
          expect(baseLr).toBe(maxLr / baseDivisor);
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
