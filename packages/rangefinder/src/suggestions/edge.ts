import { argMax, argMin, levelCrossing, type Suggestion, suggestionAt } from '../curve.js';
import { fail } from '../errors.js';
import { rejectUnknownKeys } from '../option-keys.js';
import { fitLossCurve } from './fit.js';

/** Options of {@link edge}. */
export interface EdgeOptions {
  /** Fraction of the points in each local LOWESS fit (the fit {@link robust} reads). Default 0.2. */
  readonly span?: number;
  /**
   * How far the fitted loss must climb back above its minimum, as a fraction of its fall
   * (plateau to minimum), to count as rising. Default 0.1.
   */
  readonly riseFraction?: number;
}

/**
 * The edge of the productive region: the largest rate before the loss turns ragged or rises,
 * Smith's "maxLr where the loss slows, becomes ragged or starts rising". On the same fit as
 * {@link robust} (raw losses, blow-up cut, spikes clipped, LOWESS over log10(lr)), with f_min
 * its minimum and f_plateau the highest fit before it, the edge is the first rate after the
 * minimum where
 *
 *   f(lr) = f_min + riseFraction * (f_plateau - f_min)     (linear in log-lr between points)
 *
 * Ragged losses raise the local mean before the median moves, so the fit rises where the
 * batches start to blow up, not only where the loss climbs for good; the crossing sits on a
 * steep part of the fit, so noise moves it little. If the fit never climbs that far (the test
 * stopped, or the sweep ended, before the loss rose) the last rate before the blow-up cut is
 * returned: the largest rate seen to work. If it never falls, the first rate.
 *
 * It is the rate where training starts to fail, not a rate to train at: `bounds` puts a
 * cycle's peak at edge / 4 (Smith: the best fixed rate is usually within a factor of two of
 * the largest rate that still converges), never below 2 x robust. Measured:
 * docs/benchmarks/rangefinder.md.
 *
 * @example
 * const lrs = Array.from({ length: 60 }, (_, i) => 10 ** (-4 + i / 10));
 * const losses = lrs.map((lr) => 1 / (1 + 100 * lr) + (lr > 0.3 ? 10 * (lr - 0.3) : 0));
 * edge(lrs, losses).lr; // ~0.2: the loss turns at 0.3, and the fit rounds the corner early
 */
export function edge(
  lrs: readonly number[],
  losses: readonly number[],
  options: EdgeOptions = {},
): Suggestion {
  rejectUnknownKeys('edge', options, ['span', 'riseFraction'] satisfies (keyof EdgeOptions)[]);
  const { span = 0.2, riseFraction = 0.1 } = options;
  if (!(span > 0 && span <= 1)) fail('edge', 'span', 'a number in (0, 1]', span);
  if (!(riseFraction > 0 && riseFraction <= 1)) {
    fail('edge', 'riseFraction', 'a number in (0, 1]', riseFraction);
  }
  const { curve, fitted, n } = fitLossCurve('edge', lrs, losses, span, 0);
  const lowest = argMin(fitted);
  const plateau = argMax(fitted, 0, lowest + 1);
  const minimum = fitted[lowest] as number;
  const fall = (fitted[plateau] as number) - minimum;
  if (!(fall > 0)) return suggestionAt(curve, fitted, curve.lrs[0] as number);
  const level = minimum + riseFraction * fall;
  // Never climbing that far: the last rate before the blow-up cut, the largest seen to work.
  const lr =
    levelCrossing(curve, fitted, lowest, n - 1, level, (value) => value > level) ??
    (curve.lrs[n - 1] as number);
  return suggestionAt(curve, fitted, lr);
}
