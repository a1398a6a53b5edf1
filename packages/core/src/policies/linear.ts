import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link linear}. */
export interface LinearOptions {
  /** Base learning rate that the factors multiply. */
  readonly lr: number;
  /** Factor at step 0, in (0, 1]. Default 1/3 (PyTorch's). */
  readonly startFactor?: number;
  /** Factor reached at `totalSteps` and held after, in [0, 1]. Default 1. */
  readonly endFactor?: number;
  /** Steps to go from `startFactor` to `endFactor`. Default 5 (PyTorch's). */
  readonly totalSteps?: number;
}

interface ParsedLinear {
  readonly lr: number;
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalSteps: number;
}

export const linearPolicy = definePolicy<ParsedLinear>({
  name: 'linear',
  summary:
    'Moves the factor on lr linearly from startFactor to endFactor over totalSteps (PyTorch LinearLR).',
  formula:
    'lr(t) = lr * (startFactor + (endFactor - startFactor) * min(t, totalSteps) / totalSteps)',
  params: {
    lr: param.positive({ doc: 'base learning rate the factors multiply' }),
    startFactor: param.number('a number in (0, 1]', (v) => v > 0 && v <= 1, {
      doc: 'factor at step 0',
      default: 1 / 3,
      defaultDoc: '1/3',
    }),
    endFactor: param.fraction({ doc: 'factor at totalSteps (held after)', default: 1 }),
    totalSteps: param.positiveInteger({ doc: 'steps from startFactor to endFactor', default: 5 }),
  },
  create: ({ lr, startFactor, endFactor, totalSteps }) => {
    // Held exactly: PyTorch's start + (end - start) * T / T can round below end (even below 0
    // when endFactor is 0).
    const final = lr * endFactor;
    return {
      // PyTorch's closed form (`_get_closed_form_lr`), same operation order.
      lr: (t) =>
        t >= totalSteps ? final : lr * (startFactor + ((endFactor - startFactor) * t) / totalSteps),
      totalSteps,
    };
  },
});

/**
 * Linear change of a multiplicative factor on `lr`, from `startFactor` to `endFactor` over
 * `totalSteps`, then held. Same values as PyTorch's `LinearLR(start_factor, end_factor,
 * total_iters=totalSteps)` stepped once per update. With `endFactor` 1 it is a linear warm-up;
 * with `startFactor` 1 and `endFactor` 0 a linear decay (see also {@link warmup}).
 *
 *   lr(t) = lr * (startFactor + (endFactor - startFactor) * min(t, totalSteps) / totalSteps)
 *
 * t: optimizer updates already done; lr: base rate; startFactor (default 1/3) and endFactor
 * (default 1): multipliers at step 0 and at totalSteps (default 5).
 *
 * @example
 * const s = linear({ lr: 0.05, startFactor: 0.5, totalSteps: 4 });
 * s.lr(0); // 0.025
 * s.lr(1); // 0.03125
 * s.lr(4); // 0.05 (and after)
 */
export function linear(options: LinearOptions): Schedule {
  return buildSchedule(linearPolicy, options);
}
