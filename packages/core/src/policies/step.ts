import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link step}. */
export interface StepOptions {
  /** Learning rate of the first `stepSize` steps. */
  readonly lr: number;
  /** Steps between two decays (PyTorch `step_size`). */
  readonly stepSize: number;
  /** Factor applied at every decay. Default 0.1. */
  readonly gamma?: number;
}

interface ParsedStep {
  readonly lr: number;
  readonly stepSize: number;
  readonly gamma: number;
}

export const stepPolicy = definePolicy<ParsedStep>({
  name: 'step',
  summary: 'Multiplies the learning rate by gamma every stepSize steps (PyTorch StepLR).',
  formula: 'lr(t) = lr * gamma^floor(t / stepSize)',
  params: {
    lr: param.positive({ doc: 'learning rate of the first stepSize steps' }),
    stepSize: param.positiveInteger({ doc: 'steps between two decays' }),
    gamma: param.positive({ doc: 'factor applied at every decay', default: 0.1 }),
  },
  create: ({ lr, stepSize, gamma }) => {
    // exp(k ln gamma) rather than gamma ** k: same value to ~1e-15 here, several times faster.
    const logGamma = Math.log(gamma);
    return { lr: (t) => lr * Math.exp(Math.floor(t / stepSize) * logGamma) };
  },
});

/**
 * Step decay: the rate is multiplied by `gamma` every `stepSize` steps. Same values as
 * PyTorch's `StepLR(step_size=stepSize, gamma=gamma)` stepped once per update.
 *
 *   lr(t) = lr * gamma^floor(t / stepSize)
 *
 * t: optimizer updates already done; lr: initial rate; gamma: decay factor (default 0.1).
 *
 * @example
 * const s = step({ lr: 0.1, stepSize: 30 });
 * s.lr(0);  // 0.1
 * s.lr(29); // 0.1
 * s.lr(30); // 0.01
 * s.lr(60); // 0.001 (≈, floating point)
 */
export function step(options: StepOptions): Schedule {
  return buildSchedule(stepPolicy, options);
}
