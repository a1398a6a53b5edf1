import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link polynomial}. */
export interface PolynomialOptions {
  /** Learning rate at step 0. */
  readonly lr: number;
  /** Steps to decay to 0 (PyTorch `total_iters`); the rate is 0 from this step on. */
  readonly totalSteps: number;
  /** Power of the polynomial: 1 is linear decay, 2 quadratic, 0.5 square root. Default 1. */
  readonly power?: number;
}

interface ParsedPolynomial {
  readonly lr: number;
  readonly totalSteps: number;
  readonly power: number;
}

export const polynomialPolicy = definePolicy<ParsedPolynomial>({
  name: 'polynomial',
  summary: 'Polynomial decay from lr to 0 over totalSteps (PyTorch PolynomialLR).',
  formula: 'lr(t) = lr * (1 - min(t, totalSteps) / totalSteps)^power',
  params: {
    lr: param.positive({ doc: 'learning rate at step 0' }),
    totalSteps: param.positiveInteger({ doc: 'steps to decay to 0 (held after)' }),
    power: param.positive({ doc: 'power of the polynomial', default: 1 }),
  },
  create: ({ lr, totalSteps, power }) => ({
    lr: (t) => lr * (1 - Math.min(totalSteps, t) / totalSteps) ** power,
    totalSteps,
  }),
});

/**
 * Polynomial decay to zero over `totalSteps`, then zero. Same values as PyTorch's
 * `PolynomialLR(total_iters=totalSteps, power=power)` stepped once per update. Combine it
 * with {@link sequence} or {@link clamp} for a non-zero floor.
 *
 *   lr(t) = lr * (1 - min(t, totalSteps) / totalSteps)^power
 *
 * t: optimizer updates already done; lr: rate at step 0; power: shape (default 1, linear).
 *
 * @example
 * const s = polynomial({ lr: 0.001, totalSteps: 4 });
 * s.lr(0); // 0.001
 * s.lr(1); // 0.00075
 * s.lr(2); // 0.0005
 * s.lr(4); // 0 (and after)
 */
export function polynomial(options: PolynomialOptions): Schedule {
  return buildSchedule(polynomialPolicy, options);
}
