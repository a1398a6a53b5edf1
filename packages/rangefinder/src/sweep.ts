/** How the rate grows from `startLr` to `endLr`. */
export type SweepMode = 'exponential' | 'linear';

/**
 * The rates of a range test, both ends included (as torch-lr-finder; fastai stops one step
 * short of `endLr`):
 *
 *   exponential: lr_i = startLr * (endLr / startLr)^(i / (steps - 1))
 *   linear:      lr_i = startLr + (endLr - startLr) * i / (steps - 1)
 *
 * Inputs are assumed valid (`rangeTest` checks them).
 *
 * @example
 * sweepLrs(1e-3, 1e-1, 3, "exponential"); // [0.001, 0.01, 0.1]
 */
export function sweepLrs(startLr: number, endLr: number, steps: number, mode: SweepMode): number[] {
  const lrs: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = i / (steps - 1);
    lrs.push(
      mode === 'exponential' ? startLr * (endLr / startLr) ** t : startLr + (endLr - startLr) * t,
    );
  }
  // Pin the last rate: floating-point powers can land a hair off endLr.
  lrs[steps - 1] = endLr;
  return lrs;
}
