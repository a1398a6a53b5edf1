import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link multiStep}. */
export interface MultiStepOptions {
  /** Learning rate before the first milestone. */
  readonly lr: number;
  /** Steps at which the rate is multiplied by `gamma`: strictly increasing positive integers. */
  readonly milestones: readonly number[];
  /** Factor applied at every milestone. Default 0.1. */
  readonly gamma?: number;
}

interface ParsedMultiStep {
  readonly lr: number;
  readonly milestones: readonly number[];
  readonly gamma: number;
}

export const multiStepPolicy = definePolicy<ParsedMultiStep>({
  name: 'multiStep',
  summary: 'Multiplies the learning rate by gamma at each milestone step (PyTorch MultiStepLR).',
  formula: 'lr(t) = lr * gamma^k, k = number of milestones <= t',
  params: {
    lr: param.positive({ doc: 'learning rate before the first milestone' }),
    milestones: param.increasingIntegers({ doc: 'steps at which the rate is multiplied by gamma' }),
    gamma: param.positive({ doc: 'factor applied at every milestone', default: 0.1 }),
  },
  create: ({ lr, milestones, gamma }) => {
    // The rates between milestones, computed once so evaluation is a scan and a load.
    const rates = Float64Array.from({ length: milestones.length + 1 }, (_, k) => lr * gamma ** k);
    const ends = Float64Array.from(milestones);
    const last = ends.length;
    return {
      lr: (t) => {
        // Milestones are few (a handful): a linear scan beats a binary search here.
        let k = 0;
        while (k < last && (ends[k] as number) <= t) k++;
        return rates[k] as number;
      },
    };
  },
});

/**
 * Multi-step decay: the rate is multiplied by `gamma` at every milestone. Same values as
 * PyTorch's `MultiStepLR(milestones, gamma)` stepped once per update. Evaluation scans the
 * milestones: O(number of milestones), allocation-free.
 *
 *   lr(t) = lr * gamma^k,   k = number of milestones m with m <= t
 *
 * t: optimizer updates already done; lr: rate before the first milestone; gamma: factor per
 * milestone (default 0.1).
 *
 * @example
 * const s = multiStep({ lr: 0.1, milestones: [30, 80] });
 * s.lr(29); // 0.1
 * s.lr(30); // 0.01
 * s.lr(80); // 0.001 (≈)
 */
export function multiStep(options: MultiStepOptions): Schedule {
  return buildSchedule(multiStepPolicy, options);
}
