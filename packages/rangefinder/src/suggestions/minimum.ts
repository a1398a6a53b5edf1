import { argMin, checkCurve, type Suggestion, suggestionAt } from '../curve.js';

/**
 * One tenth of the rate at the lowest loss (fastai's `minimum`): at the minimum the rate is
 * already too large to train with, a tenth of it usually is not.
 *
 *   lr = lrs[argmin loss] / 10
 *
 * The result can lie below the swept range when the minimum is in its first decade. Pass the
 * EMA-smoothed curve. Losses after the first non-finite one are ignored.
 *
 * @example
 * minimumDivTen([1e-3, 1e-2, 1e-1, 1], [2, 1.5, 1, 3]).lr; // 0.01
 */
export function minimumDivTen(lrs: readonly number[], losses: readonly number[]): Suggestion {
  const curve = checkCurve('minimumDivTen', lrs, losses);
  const lowest = argMin(curve.losses);
  return suggestionAt(curve, curve.losses, (curve.lrs[lowest] as number) / 10);
}
