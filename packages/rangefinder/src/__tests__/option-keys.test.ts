import { describe, expect, it } from 'vitest';
import {
  accuracyBounds,
  bounds,
  edge,
  RangeTestError,
  rangeTest,
  robust,
  slide,
} from '../index.js';
import { quadraticTrainer } from './trainers/quadratic.js';

/** A falling-then-rising loss curve long enough for every suggestion. */
const lrs = Array.from({ length: 60 }, (_, i) => 1e-5 * 10 ** (i / 10));
const losses = lrs.map((lr) => 1 / (1 + 1e4 * lr) + (lr > 0.1 ? 20 * lr : 0));

describe('unknown option keys are refused with the nearest valid name', () => {
  it("rangeTest: the other LR finders' minLr/maxLr point at startLr/endLr, before any step", async () => {
    const trainer = quadraticTrainer({ curvature: 10 });
    const options = { minLr: 1e-5, maxLr: 1, steps: 100 } as never;
    await expect(rangeTest(trainer, options)).rejects.toThrow(
      'rangeTest: unknown option "minLr" (did you mean "startLr"?); expected one of startLr, endLr, steps',
    );
    expect(trainer.calls).toBe(0);
  });

  it('rangeTest: smoothing is refused (the EMA weight is beta), a typo gets its correction', async () => {
    const trainer = quadraticTrainer({ curvature: 10 });
    await expect(rangeTest(trainer, { smoothing: 2 } as never)).rejects.toThrow(
      /unknown option "smoothing" \(did you mean "beta"\?\)/,
    );
    await expect(rangeTest(trainer, { stpes: 20 } as never)).rejects.toThrow(
      /unknown option "stpes" \(did you mean "steps"\?\)/,
    );
    const error = await rangeTest(trainer, { stpes: 20 } as never).catch((caught) => caught);
    expect(error).toBeInstanceOf(RangeTestError);
    expect(error.param).toBe('stpes');
  });

  it('bounds and every suggestion with options', async () => {
    const result = await rangeTest(quadraticTrainer({ curvature: 10 }));
    expect(() => bounds(result, { suggestoin: 'robust' } as never)).toThrow(
      'bounds: unknown option "suggestoin" (did you mean "suggestion"?)',
    );
    expect(() => bounds(result, { divisor: 3 } as never)).toThrow(
      /bounds: unknown option "divisor"/,
    );
    expect(() => edge(lrs, losses, { spam: 0.2 } as never)).toThrow(
      /edge: unknown option "spam" \(did you mean "span"\?\)/,
    );
    expect(() => robust(lrs, losses, { dropFactor: 0.9 } as never)).toThrow(
      /robust: unknown option "dropFactor" \(did you mean "dropFraction"\?\)/,
    );
    expect(() => slide(lrs, losses, { treshold: 0.01 } as never)).toThrow(
      /slide: unknown option "treshold" \(did you mean "threshold"\?\)/,
    );
    expect(() => accuracyBounds(lrs, losses, { higherIsBeter: false } as never)).toThrow(
      /accuracyBounds: unknown option "higherIsBeter" \(did you mean "higherIsBetter"\?\)/,
    );
  });

  it('valid keys still pass', async () => {
    const result = await rangeTest(quadraticTrainer({ curvature: 10 }), {
      startLr: 1e-5,
      endLr: 10,
    });
    expect(bounds(result, { suggestion: 'robust', baseDivisor: 3 }).maxLr).toBeGreaterThan(0);
    expect(edge(lrs, losses, { span: 0.3 }).lr).toBeGreaterThan(0);
  });
});
