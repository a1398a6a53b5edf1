import { fail, RangeTestError } from './errors.js';
import type { RangeTestData } from './result.js';
import type { SuggestionName } from './suggest.js';

/** Options of {@link bounds}. */
export interface BoundsOptions {
  /**
   * `"loss"` (default): `maxLr` from a loss suggestion, `baseLr = maxLr / baseDivisor`.
   * `"accuracy"`: both from the metric curve (Smith's accuracy test; needs `evaluateEvery`).
   */
  readonly from?: 'loss' | 'accuracy';
  /** Which loss suggestion `maxLr` is read from. Default `"robust"`. */
  readonly suggestion?: SuggestionName;
  /**
   * `maxLr = maxFactor x suggestion` in loss mode. Default 2: a suggestion is a good *fixed*
   * rate, and the best fixed rate is usually within a factor of two of the largest rate that
   * still converges (Smith 2017), which is where a cycle should peak.
   */
  readonly maxFactor?: number;
  /** `baseLr = maxLr / baseDivisor` in loss mode. Default 4 (Smith: "maxLr / 3 or / 4"). */
  readonly baseDivisor?: number;
}

/** Learning-rate bounds, ready for a `triangular` or `oneCycle` spec. */
export interface LrBounds {
  readonly baseLr: number;
  readonly maxLr: number;
}

/**
 * Turns a range test into `{ baseLr, maxLr }` for CLR (`triangular`, `triangular2`, `expRange`)
 * or 1cycle (use `maxLr`; its `divFactor` sets the start). In loss mode
 *
 *   maxLr = maxFactor x suggestion (default 2 x robust),   baseLr = maxLr / baseDivisor (4)
 *
 * in accuracy mode both come from {@link accuracyBounds} (where the metric starts and stops
 * rising). Throws a {@link RangeTestError} when the result has no such suggestion (too short a
 * curve, or no metric). On Fashion-MNIST these loss-mode bounds trained better than the best of
 * a 5-point fixed-rate grid (docs/benchmarks/rangefinder.md).
 *
 * @example
 * const { baseLr, maxLr } = bounds(await rangeTest(trainer));
 * triangular({ baseLr, maxLr, stepSize: 4 * stepsPerEpoch });
 * oneCycle({ maxLr, totalSteps });
 */
export function bounds(result: RangeTestData, options: BoundsOptions = {}): LrBounds {
  const { from = 'loss', suggestion = 'robust', maxFactor = 2, baseDivisor = 4 } = options;
  if (typeof result !== 'object' || result === null || typeof result.suggestions !== 'object') {
    fail('bounds', 'result', 'a range-test result', result);
  }
  if (from === 'accuracy') {
    const accuracy = result.suggestions.accuracy;
    if (accuracy === undefined) {
      throw new RangeTestError(
        'bounds',
        'from',
        'expected a metric curve for from: "accuracy" (run rangeTest with evaluateEvery), got none',
      );
    }
    return { baseLr: accuracy.base.lr, maxLr: accuracy.max.lr };
  }
  if (from !== 'loss') fail('bounds', 'from', '"loss" or "accuracy"', from);
  if (!(typeof baseDivisor === 'number' && baseDivisor >= 1 && Number.isFinite(baseDivisor))) {
    fail('bounds', 'baseDivisor', 'a finite number >= 1', baseDivisor);
  }
  if (!(typeof maxFactor === 'number' && maxFactor > 0 && Number.isFinite(maxFactor))) {
    fail('bounds', 'maxFactor', 'a positive finite number', maxFactor);
  }
  if (!['robust', 'steepest', 'minimumDivTen', 'valley', 'slide'].includes(suggestion)) {
    fail(
      'bounds',
      'suggestion',
      'one of robust, steepest, minimumDivTen, valley, slide',
      suggestion,
    );
  }
  const chosen = result.suggestions[suggestion];
  if (chosen === undefined) {
    throw new RangeTestError(
      'bounds',
      'suggestion',
      `expected the result to have a ${suggestion} suggestion, got none (${result.lrs.length} points, stopped: ${result.reason})`,
    );
  }
  const maxLr = chosen.lr * maxFactor;
  return { baseLr: maxLr / baseDivisor, maxLr };
}
