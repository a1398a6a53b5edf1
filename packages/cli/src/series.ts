import type { Schedule } from '@cyclr/core';

/** What `cyclr values` prints: the schedule evaluated at consecutive steps. */
export interface ScheduleValues {
  /** `lr[i]` is the learning rate at step `start + i`. */
  readonly lr: number[];
  /** Present only when the schedule cycles momentum (CLR with momentum bounds, 1cycle). */
  readonly momentum?: number[];
}

/**
 * Evaluates a schedule at steps `start, start + 1, ..., start + steps - 1` (a step is the
 * number of optimizer updates already done, so step 0 is the first update's rate).
 *
 * @example
 * ```ts
 * import { fromSpec } from '@cyclr/core';
 * scheduleValues(fromSpec({ policy: 'triangular', baseLr: 0.1, maxLr: 0.5, stepSize: 2 }), 5);
 * // { lr: [0.1, 0.3, 0.5, 0.3, 0.1] } (up to rounding)
 * ```
 */
export function scheduleValues(schedule: Schedule, steps: number, start = 0): ScheduleValues {
  const lr = new Array<number>(steps);
  for (let i = 0; i < steps; i++) lr[i] = schedule.lr(start + i);
  const momentumFn = schedule.momentum;
  if (!momentumFn) return { lr };
  const momentum = new Array<number>(steps);
  for (let i = 0; i < steps; i++) momentum[i] = momentumFn(start + i);
  return { lr, momentum };
}
