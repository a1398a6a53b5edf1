import { fail } from './errors.js';

/** Checks an EMA weight for `fn`: a number in [0, 1). */
export function checkBeta(fn: string, beta: unknown): number {
  if (typeof beta !== 'number' || !(beta >= 0 && beta < 1)) {
    fail(fn, 'beta', 'a number in [0, 1)', beta);
  }
  return beta;
}

/**
 * The bias-corrected EMA one value at a time: feed it each loss, get the smoothed loss back.
 * The range test smooths while it trains (its stop rule reads the smoothed loss); `emaSmooth`
 * runs the same recurrence over a finished curve. `beta` must already be checked.
 */
export function emaSmoother(beta: number): (loss: number) => number {
  let average = 0;
  let weight = 1;
  return (loss) => {
    average = beta * average + (1 - beta) * loss;
    weight *= beta;
    return average / (1 - weight);
  };
}

/**
 * Exponential moving average with bias correction, as fastai's `AvgSmoothLoss`:
 *
 *   avg_i      = beta * avg_(i-1) + (1 - beta) * loss_i,   avg_(-1) = 0
 *   smoothed_i = avg_i / (1 - beta^(i+1))
 *
 * The correction removes the pull towards 0 of the first values. A non-finite loss makes every
 * later smoothed value non-finite too.
 *
 * @param beta - Weight of the past, in [0, 1). Default 0.98 (fastai). 0 disables smoothing.
 * @example
 * emaSmooth([4, 2, 2], 0.5); // [4, 2.6666666666666665, 2.2857142857142856]
 */
export function emaSmooth(losses: readonly number[], beta = 0.98): number[] {
  return losses.map(emaSmoother(checkBeta('emaSmooth', beta)));
}
