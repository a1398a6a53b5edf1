import { argMax, argMin, levelCrossing, type Suggestion, suggestionAt } from '../curve.js';
import { fail } from '../errors.js';
import { rejectUnknownKeys } from '../option-keys.js';
import { fitLossCurve } from './fit.js';

/** Options of {@link robust}. */
export interface RobustOptions {
  /** Fraction of the points in each local LOWESS fit. Default 0.2. */
  readonly span?: number;
  /** Fraction of the loss's fall (plateau to minimum) completed at the suggestion. Default 0.9. */
  readonly dropFraction?: number;
  /**
   * Bisquare outlier down-weighting passes of the LOWESS fit. Default 0: on a range test they
   * take the sharp bottom of the valley for outliers and extrapolate the descent past it,
   * while the clipping and the blow-up cut already keep extreme losses out of the fit.
   */
  readonly iterations?: number;
}

/**
 * The knee of the curve (the earlier default), built to be stable when the per-batch loss is noisy. fastai's valley
 * and steepest read an EMA-smoothed curve, which lags to the right (with beta 0.98 by tens of
 * steps) and keeps bumps that move the longest descent or the steepest segment from one seed
 * to the next; an argmin or argmax on a flat, noisy stretch jumps just as far. This one reads a
 * level crossing on the steep part of a smooth fit, where noise moves x least (dx = dy / slope):
 *
 * 1. take the RAW losses (no EMA lag); cut the blow-up (everything after the first point, past
 *    the minimum of a 5-point running median, where that median is back above its starting
 *    level m0 = median of the first tenth); clip the rest at m0 + max(|m0|, m0 - min);
 * 2. fit a LOWESS curve f (local lines, tricube weights, `span` of the points) over log10(lr);
 *    it is symmetric, so it does not lag;
 * 3. find the minimum of f and the plateau before it (the highest f before the minimum);
 * 4. suggest the first rate, after the plateau, where f has completed `dropFraction` of its fall:
 *
 *      f(lr) = f_plateau - dropFraction * (f_plateau - f_min)     (linear in log-lr between points)
 *
 * At 90% of the fall the loss still drops fast but is levelling off: a good fixed rate, about
 * half the rate at the minimum, which in a sweep lies near or past the divergence threshold
 * because the loss lags the rate. `bounds` keeps a cycle's peak at least twice it ({@link edge} sets it). If f never falls
 * (the sweep started too high) the first rate is returned. Measured spreads:
 * docs/benchmarks/rangefinder.md.
 *
 * @example
 * const lrs = Array.from({ length: 50 }, (_, i) => 10 ** (-4 + i / 10));
 * const losses = lrs.map((lr) => 1 / (1 + 10 * lr) + (lr > 1 ? lr : 0));
 * robust(lrs, losses).lr; // ~0.3
 */
export function robust(
  lrs: readonly number[],
  losses: readonly number[],
  options: RobustOptions = {},
): Suggestion {
  rejectUnknownKeys('robust', options, [
    'span',
    'dropFraction',
    'iterations',
  ] satisfies (keyof RobustOptions)[]);
  const { span = 0.2, dropFraction = 0.9, iterations = 0 } = options;
  if (!(span > 0 && span <= 1)) fail('robust', 'span', 'a number in (0, 1]', span);
  if (!(dropFraction > 0 && dropFraction <= 1)) {
    fail('robust', 'dropFraction', 'a number in (0, 1]', dropFraction);
  }
  if (!Number.isInteger(iterations) || iterations < 0) {
    fail('robust', 'iterations', 'a non-negative integer', iterations);
  }
  const { curve, fitted } = fitLossCurve('robust', lrs, losses, span, iterations);
  const lowest = argMin(fitted);
  const plateau = argMax(fitted, 0, lowest + 1);
  const fall = (fitted[plateau] as number) - (fitted[lowest] as number);
  if (!(fall > 0)) return suggestionAt(curve, fitted, curve.lrs[0] as number);
  const level = (fitted[plateau] as number) - dropFraction * fall;
  // The fit is at its minimum at `lowest`, so the level is crossed by then (up to rounding).
  const lr =
    levelCrossing(curve, fitted, plateau, lowest, level, (value) => value <= level) ??
    (curve.lrs[lowest] as number);
  return suggestionAt(curve, fitted, lr);
}
