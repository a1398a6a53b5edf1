import { argMax, argMin, checkCurve, levelCrossing, type Suggestion, valueAt } from '../curve.js';
import { fail } from '../errors.js';
import { lowess } from '../lowess.js';
import { rejectUnknownKeys } from '../option-keys.js';

/** Options of {@link accuracyBounds}. */
export interface AccuracyBoundsOptions {
  /** `true` for accuracy-like metrics, `false` for validation losses. Default `true`. */
  readonly higherIsBetter?: boolean;
  /** Fraction of the total rise at which the metric "starts to rise". Default 0.1. */
  readonly startFraction?: number;
  /** Fraction of the total rise after which it "stops rising". Default 0.9. */
  readonly stopFraction?: number;
}

/** Bounds read off a metric curve by {@link accuracyBounds}. */
export interface AccuracyBounds {
  /** Where the metric starts to rise: a CLR `baseLr`. */
  readonly base: Suggestion;
  /** Where it stops rising (before it peaks or falls): a CLR `maxLr`. */
  readonly max: Suggestion;
}

/**
 * Smith's accuracy range test (CLR paper, section 3.3): with a validation metric recorded along
 * the sweep, `baseLr` is where it starts to rise and `maxLr` where it stops rising, becomes
 * ragged or falls. On a LOWESS fit f of the metric (robust to a noisy evaluation), with
 * `low` its lowest point before its peak `high`, rise = f(high) - f(low):
 *
 *   baseLr = first rate after low where f >= f(low) + startFraction * rise
 *   maxLr  = first rate after low where f >= f(low) + stopFraction * rise
 *
 * (mirrored for `higherIsBetter: false`). A metric that never improves gives `lrs[0]` for both.
 *
 * @example
 * const lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];
 * accuracyBounds(lrs, [0.1, 0.1, 0.5, 0.8, 0.82, 0.1]); // { base: { lr: ~1.5e-3, ... }, max: { lr: ~0.067, ... } }
 */
export function accuracyBounds(
  lrs: readonly number[],
  metrics: readonly number[],
  options: AccuracyBoundsOptions = {},
): AccuracyBounds {
  rejectUnknownKeys('accuracyBounds', options, [
    'higherIsBetter',
    'startFraction',
    'stopFraction',
  ] satisfies (keyof AccuracyBoundsOptions)[]);
  const { higherIsBetter = true, startFraction = 0.1, stopFraction = 0.9 } = options;
  if (!(startFraction > 0 && startFraction < 1)) {
    fail('accuracyBounds', 'startFraction', 'a number in (0, 1)', startFraction);
  }
  if (!(stopFraction > startFraction && stopFraction <= 1)) {
    fail('accuracyBounds', 'stopFraction', `a number in (${startFraction}, 1]`, stopFraction);
  }
  const curve = checkCurve('accuracyBounds', lrs, metrics);
  const sign = higherIsBetter ? 1 : -1;
  const oriented = curve.losses.map((value) => sign * value);
  // Few evaluations are common (one every few steps): only smooth when there is enough to fit.
  const fitted =
    oriented.length >= 8 ? lowess(curve.logLrs, oriented, 0.3, 1).fitted : [...oriented];
  const high = argMax(fitted);
  const low = argMin(fitted, 0, high + 1);
  const rise = (fitted[high] as number) - (fitted[low] as number);
  const marker = (lr: number): Suggestion => ({ lr, loss: sign * valueAt(curve, fitted, lr) });
  if (!(rise > 0)) {
    const first = marker(curve.lrs[0] as number);
    return { base: first, max: first };
  }
  const level = (fraction: number) => (fitted[low] as number) + fraction * rise;
  // The peak reaches every level below it; `?? peak` only guards rounding.
  const crossing = (fraction: number) => {
    const at = level(fraction);
    return (
      levelCrossing(curve, fitted, low, high, at, (value) => value >= at) ??
      (curve.lrs[high] as number)
    );
  };
  const base = crossing(startFraction);
  const max = crossing(stopFraction);
  return { base: marker(base), max: marker(Math.max(base, max)) };
}
