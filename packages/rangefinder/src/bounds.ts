import { fail, RangeTestError } from './errors.js';
import { rejectUnknownKeys } from './option-keys.js';
import type { RangeTestData } from './result.js';
import { SUGGESTION_NAMES, type SuggestionName } from './suggest.js';

/** Options of {@link bounds}. */
export interface BoundsOptions {
  /**
   * `"loss"` (default): `maxLr` from a loss suggestion, `baseLr = maxLr / baseDivisor`.
   * `"accuracy"`: both from the metric curve (Smith's accuracy test; needs `evaluateEvery`).
   */
  readonly from?: 'loss' | 'accuracy';
  /**
   * Which loss suggestion `maxLr` is read from. Default `"edge"` (where the loss turns ragged
   * or rises: Smith's maxLr). `"robust"` gives the bounds of @cyclr/rangefinder 0.1.
   */
  readonly suggestion?: SuggestionName;
  /**
   * `maxLr = maxFactor x suggestion` in loss mode. Default 1/4 for `"edge"`: the edge is the
   * largest rate that still trains, the best fixed rate is usually within a factor of two of
   * it (Smith 2017), and a cycle peaks a little below that (1/4 was calibrated on
   * Fashion-MNIST and on quadratics, docs/benchmarks/rangefinder.md). Default 2 for the
   * others: they mark a good *fixed* rate, and a cycle peaks above it.
   */
  readonly maxFactor?: number;
  /**
   * With `suggestion: "edge"`, `maxLr` is at least `floor x robust`. Default 2 (the 0.1 rule);
   * 0 turns it off. A short, fast sweep (fastai's 100 steps over 8 decades raise the rate 20%
   * per step) turns ragged early and reads a low edge, while the robust knee there is late.
   */
  readonly floor?: number;
  /** `baseLr = maxLr / baseDivisor` in loss mode. Default 4 (Smith: "maxLr / 3 or / 4"). */
  readonly baseDivisor?: number;
}

const boundsOptionKeys = [
  'from',
  'suggestion',
  'maxFactor',
  'floor',
  'baseDivisor',
] as const satisfies readonly (keyof BoundsOptions)[];

/** Learning-rate bounds, ready for a `triangular` or `oneCycle` spec. */
export interface LrBounds {
  readonly baseLr: number;
  readonly maxLr: number;
}

/**
 * Turns a range test into `{ baseLr, maxLr }` for CLR (`triangular`, `triangular2`, `expRange`)
 * or 1cycle (use `maxLr`; its `divFactor` sets the start). In loss mode
 *
 *   maxLr = max(edge / 4, 2 x robust),   baseLr = maxLr / 4
 *
 * (`maxFactor`, `floor`, `baseDivisor`; `{ suggestion: "robust" }`: maxLr = 2 x robust, the
 * earlier default); in accuracy mode both
 * come from {@link accuracyBounds} (where the metric starts and stops rising). Throws a
 * {@link RangeTestError} when the result has no such suggestion (too short a curve, or no
 * metric). Measured on Fashion-MNIST against fixed-rate and cosine baselines:
 * docs/benchmarks/rangefinder.md.
 *
 * @example
 * const { baseLr, maxLr } = bounds(await rangeTest(trainer));
 * triangular({ baseLr, maxLr, stepSize: 4 * stepsPerEpoch });
 * oneCycle({ maxLr, totalSteps });
 */
export function bounds(result: RangeTestData, options: BoundsOptions = {}): LrBounds {
  if (typeof options !== 'object' || options === null)
    fail('bounds', 'options', 'an object', options);
  rejectUnknownKeys('bounds', options, boundsOptionKeys);
  const { from = 'loss', suggestion = 'edge', baseDivisor = 4, floor = 2 } = options;
  const maxFactor = options.maxFactor ?? (suggestion === 'edge' ? 1 / 4 : 2);
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
  if (!(typeof floor === 'number' && floor >= 0 && Number.isFinite(floor))) {
    fail('bounds', 'floor', 'a finite number >= 0', floor);
  }
  if (!(SUGGESTION_NAMES as readonly string[]).includes(suggestion)) {
    fail('bounds', 'suggestion', `one of ${SUGGESTION_NAMES.join(', ')}`, suggestion);
  }
  const chosen = result.suggestions[suggestion];
  if (chosen === undefined) {
    throw new RangeTestError(
      'bounds',
      'suggestion',
      `expected the result to have a ${suggestion} suggestion, got none (${result.lrs.length} points, stopped: ${result.reason})`,
    );
  }
  const knee = suggestion === 'edge' ? (result.suggestions.robust?.lr ?? 0) * floor : 0;
  const maxLr = Math.max(chosen.lr * maxFactor, knee);
  return { baseLr: maxLr / baseDivisor, maxLr };
}
