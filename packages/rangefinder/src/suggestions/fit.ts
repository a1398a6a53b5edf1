import { argMin, type Curve, checkCurve, median } from '../curve.js';
import { lowess } from '../lowess.js';

/** Running median over 5 points (shrinking at the ends): a noise-proof view of the curve. */
function runningMedian(values: readonly number[]): number[] {
  return values.map((_, i) => median(values.slice(Math.max(0, i - 2), i + 3)));
}

/**
 * Length of the curve up to where it has blown up: the first point after the running median's
 * minimum where the running median is back above its starting level. The rise up to there is
 * kept (it locates the minimum); what follows is divergence, and a robust fit would discard it
 * as outliers and extrapolate the descent past the minimum.
 */
function cutBlowUp(losses: readonly number[]): number {
  const smooth = runningMedian(losses);
  const lowest = argMin(smooth);
  const start = median(smooth.slice(0, Math.max(3, Math.ceil(smooth.length / 10))));
  for (let i = lowest + 1; i < smooth.length; i++) {
    if ((smooth[i] as number) > start) return Math.max(i + 1, 2);
  }
  return losses.length;
}

/** The LOWESS fit of a range-test curve that {@link robust} and {@link edge} read. */
export interface FittedLossCurve {
  /** The validated curve (finite prefix). */
  readonly curve: Curve;
  /** Points kept before the blow-up. */
  readonly n: number;
  /** log10 of the kept rates. */
  readonly logLrs: readonly number[];
  /** The fitted loss at each kept rate. */
  readonly fitted: readonly number[];
}

/**
 * Raw losses, blow-up cut, clipped at m0 + max(|m0|, m0 - min) (m0 = median of the first
 * tenth), then a LOWESS fit over log10(lr) with `span` and `iterations` bisquare passes.
 */
export function fitLossCurve(
  fn: string,
  lrs: readonly number[],
  losses: readonly number[],
  span: number,
  iterations: number,
): FittedLossCurve {
  const curve = checkCurve(fn, lrs, losses);
  const n = cutBlowUp(curve.losses);
  const logLrs = curve.logLrs.slice(0, n);
  const kept = curve.losses.slice(0, n);
  const head = median(kept.slice(0, Math.max(3, Math.ceil(n / 10))));
  const cap = head + Math.max(Math.abs(head), head - Math.min(...kept));
  const clipped = kept.map((loss) => Math.min(loss, cap));
  const { fitted } = lowess(logLrs, clipped, span, iterations);
  return { curve, n, logLrs, fitted };
}
