import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link inverseSqrt}. */
export interface InverseSqrtOptions {
  /** Peak learning rate, reached at the end of the warm-up (at step 0 without one). */
  readonly lr: number;
  /** Steps of the linear warm-up from 0. Default 0 (no warm-up). */
  readonly warmupSteps?: number;
  /**
   * Decay timescale in steps: `timescale` steps after the warm-up the rate is `lr / sqrt(2)`.
   * Default `warmupSteps`, or 10000 without a warm-up (as transformers).
   */
  readonly timescale?: number;
}

interface ParsedInverseSqrt {
  readonly lr: number;
  readonly warmupSteps: number;
  readonly timescale: number;
}

export const inverseSqrtPolicy = definePolicy<ParsedInverseSqrt>({
  name: 'inverseSqrt',
  summary:
    'Linear warm-up, then decay with the inverse square root of the step (Hugging Face get_inverse_sqrt_schedule).',
  formula: `W = warmupSteps, s = timescale
lr(t) = lr * t / max(1, W)                      for t < W
lr(t) = lr / sqrt((t + s - W) / s)              for t >= W`,
  params: {
    lr: param.positive({ doc: 'peak learning rate (at the end of the warm-up)' }),
    warmupSteps: param.nonNegativeInteger({ doc: 'steps of the linear warm-up', default: 0 }),
    timescale: param.positive({
      doc: 'decay timescale in steps',
      default: ({ warmupSteps }) => (warmupSteps as number) || 10_000,
      defaultDoc: '= warmupSteps, or 10000 when warmupSteps is 0',
    }),
  },
  create: ({ lr, warmupSteps, timescale }) => {
    const warmupDivisor = Math.max(1, warmupSteps);
    const shift = timescale - warmupSteps;
    return {
      lr: (t) =>
        t < warmupSteps ? lr * (t / warmupDivisor) : lr / Math.sqrt((t + shift) / timescale),
    };
  },
});

/**
 * Inverse square-root decay with a linear warm-up, the transformer schedule of Vaswani et al.
 * (arXiv 1706.03762) as Hugging Face transformers writes it: same values as
 * `get_inverse_sqrt_schedule(optimizer, num_warmup_steps=warmupSteps, timescale=timescale)`
 * (a `LambdaLR`) on an optimizer with `lr`, stepped once per update. No end: it decays forever.
 *
 *   W = warmupSteps, s = timescale (default W, or 10000 when W = 0)
 *   lr(t) = lr * t / max(1, W)                 for t < W   (from 0 up to lr)
 *   lr(t) = lr / sqrt((t + s - W) / s)         for t >= W  (lr at t = W)
 *
 * @example
 * const s = inverseSqrt({ lr: 0.001, warmupSteps: 4000 });
 * s.lr(2000);  // 0.0005 (warming up)
 * s.lr(4000);  // 0.001  (peak)
 * s.lr(16000); // 0.0005 (= 0.001 / sqrt(4))
 */
export function inverseSqrt(options: InverseSqrtOptions): Schedule {
  return buildSchedule(inverseSqrtPolicy, options);
}
