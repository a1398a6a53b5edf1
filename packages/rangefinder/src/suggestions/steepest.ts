import { checkCurve, type Suggestion, suggestionAt } from '../curve.js';

/**
 * The rate where the loss falls fastest per decade of learning rate (fastai's `steep`,
 * torch-lr-finder's suggestion): the start of the steepest segment,
 *
 *   i* = argmin_i (loss_(i+1) - loss_i) / (log lr_(i+1) - log lr_i),   lr = lrs[i*]
 *
 * Pass the EMA-smoothed curve: on raw per-batch losses it follows the noise. Losses after the
 * first non-finite one are ignored.
 *
 * @example
 * steepest([1e-3, 1e-2, 1e-1, 1], [2, 1.9, 1, 0.9]).lr; // 0.01
 */
export function steepest(lrs: readonly number[], losses: readonly number[]): Suggestion {
  const curve = checkCurve('steepest', lrs, losses);
  let best = 0;
  let bestSlope = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < curve.losses.length; i++) {
    const slope =
      ((curve.losses[i + 1] as number) - (curve.losses[i] as number)) /
      ((curve.logLrs[i + 1] as number) - (curve.logLrs[i] as number));
    if (slope < bestSlope) {
      bestSlope = slope;
      best = i;
    }
  }
  return suggestionAt(curve, curve.losses, curve.lrs[best] as number);
}
