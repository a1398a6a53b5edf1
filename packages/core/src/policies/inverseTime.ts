import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link inverseTime}. */
export interface InverseTimeOptions {
  /** Learning rate at step 0. */
  readonly lr: number;
  /** Steps per unit of decay: the rate is `lr / (1 + decayRate)` after `decaySteps` steps. */
  readonly decaySteps: number;
  /** How fast the rate falls per `decaySteps`. */
  readonly decayRate: number;
  /** Decay in whole units of `decaySteps` (a staircase) instead of continuously. Default false. */
  readonly staircase?: boolean;
}

interface ParsedInverseTime {
  readonly lr: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
}

export const inverseTimePolicy = definePolicy<ParsedInverseTime>({
  name: 'inverseTime',
  summary: 'Inverse-time decay lr / (1 + decayRate * t / decaySteps) (Keras InverseTimeDecay).',
  formula: `p = t / decaySteps (floor(t / decaySteps) with staircase)
lr(t) = lr / (1 + decayRate * p)`,
  params: {
    lr: param.positive({ doc: 'learning rate at step 0' }),
    decaySteps: param.positive({ doc: 'steps per unit of decay' }),
    decayRate: param.positive({ doc: 'decay per unit' }),
    staircase: param.boolean({ doc: 'decay in whole units of decaySteps', default: false }),
  },
  create: ({ lr, decaySteps, decayRate, staircase }) => ({
    lr: staircase
      ? (t) => lr / (1 + decayRate * Math.floor(t / decaySteps))
      : (t) => lr / (1 + decayRate * (t / decaySteps)),
  }),
});

/**
 * Inverse-time decay: the rate falls like 1 / t. Same values as Keras's
 * `InverseTimeDecay(initial_learning_rate=lr, decay_steps=decaySteps, decay_rate=decayRate,
 * staircase=staircase)` called with the step. No end.
 *
 *   p = t / decaySteps            (floor(t / decaySteps) with staircase)
 *   lr(t) = lr / (1 + decayRate * p)
 *
 * @example
 * const s = inverseTime({ lr: 0.1, decaySteps: 100, decayRate: 0.5 });
 * s.lr(100); // 0.1 / 1.5 ≈ 0.0667
 * s.lr(200); // 0.05
 * inverseTime({ lr: 0.1, decaySteps: 100, decayRate: 0.5, staircase: true }).lr(199); // ≈ 0.0667
 */
export function inverseTime(options: InverseTimeOptions): Schedule {
  return buildSchedule(inverseTimePolicy, options);
}
