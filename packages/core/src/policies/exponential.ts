import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link exponential}. */
export interface ExponentialOptions {
  /** Learning rate at step 0. */
  readonly lr: number;
  /** Factor per step (< 1 decays, > 1 grows without bound: clamp it if you need a ceiling). */
  readonly gamma: number;
}

export const exponentialPolicy = definePolicy<ExponentialOptions>({
  name: 'exponential',
  summary: 'Multiplies the learning rate by gamma every step (PyTorch ExponentialLR).',
  formula: 'lr(t) = lr * gamma^t',
  params: {
    lr: param.positive({ doc: 'learning rate at step 0' }),
    gamma: param.positive({ doc: 'factor per step' }),
  },
  create: ({ lr, gamma }) => {
    // exp(t ln gamma) instead of gamma ** t: V8's pow costs ~50 ns, exp ~10 ns. The relative
    // error is about |t ln gamma| ulps, under 1e-13 until the result underflows.
    const logGamma = Math.log(gamma);
    return { lr: (t) => lr * Math.exp(t * logGamma) };
  },
});

/**
 * Exponential decay: the rate is multiplied by `gamma` every step. Same values as PyTorch's
 * `ExponentialLR(gamma)` stepped once per update.
 *
 *   lr(t) = lr * gamma^t
 *
 * t: optimizer updates already done; lr: rate at step 0; gamma: factor per step.
 *
 * @example
 * const s = exponential({ lr: 0.1, gamma: 0.99 });
 * s.lr(0);   // 0.1
 * s.lr(100); // 0.1 * 0.99^100 ≈ 0.0366
 */
export function exponential(options: ExponentialOptions): Schedule {
  return buildSchedule(exponentialPolicy, options);
}
