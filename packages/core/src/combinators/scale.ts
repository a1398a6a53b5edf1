import { createSchedule } from '../create.js';
import { definePolicy } from '../definition.js';
import { invalid, type ParamDef, param } from '../params.js';
import type { PolicySpec, Schedule } from '../types.js';

/** Options of {@link scale}. */
export interface ScaleOptions {
  /**
   * Multiplier: a positive number, or a schedule (or spec) whose `lr` at the same step is the
   * multiplier, e.g. `step({ lr: 1, stepSize: 1000, gamma: 0.5 })` to halve every 1000 steps.
   */
  readonly factor: number | Schedule | PolicySpec;
  /** The schedule whose rate is multiplied. */
  readonly schedule: Schedule | PolicySpec;
}

interface ParsedScale {
  readonly factor: number | Schedule;
  readonly schedule: Schedule;
}

const factorParam: ParamDef<number | Schedule> = {
  expected: 'a positive number or a schedule spec',
  doc: 'multiplier: a number, or a schedule evaluated at the same step',
  parse: (value, context) => {
    if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : invalid;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return context.toSchedule(value as Schedule);
    }
    return invalid;
  },
  serialize: (value) => (typeof value === 'number' ? value : value.toJSON()),
};

export const scalePolicy = definePolicy<ParsedScale>({
  name: 'scale',
  summary: "Multiplies a schedule's rate by a constant or by another schedule's value.",
  formula:
    'lr(t) = schedule.lr(t) * (factor is a number ? factor : factor.lr(t)); momentum unchanged',
  params: {
    factor: factorParam,
    schedule: param.schedule({ doc: 'the schedule whose rate is multiplied' }),
  },
  create: ({ factor, schedule }) => {
    const inner = schedule.lr;
    if (typeof factor === 'number') {
      return {
        lr: (t) => inner(t) * factor,
        momentum: schedule.momentum,
        totalSteps: schedule.totalSteps,
      };
    }
    const factorLr = factor.lr;
    // The product settles only once both have ended.
    const totalSteps =
      schedule.totalSteps === undefined || factor.totalSteps === undefined
        ? undefined
        : Math.max(schedule.totalSteps, factor.totalSteps);
    return { lr: (t) => inner(t) * factorLr(t), momentum: schedule.momentum, totalSteps };
  },
});

/**
 * Multiplies a schedule's rate by a constant, or by another schedule evaluated at the same
 * step. Momentum passes through unchanged. With a decaying factor this gives, for example,
 * SGDR whose peak shrinks at every restart.
 *
 *   lr(t) = schedule.lr(t) * factor             (number)
 *   lr(t) = schedule.lr(t) * factor.lr(t)       (schedule)
 *
 * @example
 * // SGDR with the peak halved at every restart (cycles of 100 steps):
 * const s = scale({
 *   factor: step({ lr: 1, stepSize: 100, gamma: 0.5 }),
 *   schedule: cosineRestarts({ lr: 0.1, firstCycleSteps: 100 }),
 * });
 * s.lr(0);   // 0.1
 * s.lr(100); // 0.05
 * s.lr(200); // 0.025
 */
export function scale(options: ScaleOptions): Schedule {
  return createSchedule(scalePolicy, options);
}
