import { createSchedule } from '../create.js';
import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import type { PolicySpec, Schedule, ScheduleFn } from '../types.js';

/** Options of {@link warmup}. */
export interface WarmupOptions {
  /** Steps of the linear ramp; the wrapped schedule starts (at its own step 0) after them. */
  readonly warmupSteps: number;
  /** Ramp start as a fraction of the wrapped schedule's first rate, in [0, 1]. Default 0. */
  readonly startFactor?: number;
  /** The schedule that follows the ramp: a schedule or a spec. */
  readonly schedule: Schedule | PolicySpec;
}

interface ParsedWarmup {
  readonly warmupSteps: number;
  readonly startFactor: number;
  readonly schedule: Schedule;
}

export const warmupPolicy = definePolicy<ParsedWarmup>({
  name: 'warmup',
  summary:
    'Linear warm-up to the first rate of a schedule, which then runs on its own clock after the ramp.',
  formula: `peak = schedule.lr(0); W = warmupSteps
lr(t) = t < W ? peak * (startFactor + (1 - startFactor) * t / W) : schedule.lr(t - W)
momentum(t) = schedule.momentum(max(0, t - W))`,
  params: {
    warmupSteps: param.positiveInteger({ doc: 'steps of the linear ramp' }),
    startFactor: param.fraction({
      doc: 'ramp start as a fraction of the schedule first rate',
      default: 0,
    }),
    schedule: param.schedule({
      doc: 'the schedule after the ramp (its step 0 is step warmupSteps)',
    }),
  },
  create: ({ warmupSteps, startFactor, schedule }) => {
    const inner = schedule.lr;
    const peak = inner(0);
    const rampPerStep = (peak * (1 - startFactor)) / warmupSteps;
    const start = peak * startFactor;
    const innerMomentum = schedule.momentum;
    let momentum: ScheduleFn | undefined;
    if (innerMomentum) {
      // Momentum waits at the schedule's first value during the ramp.
      const firstMomentum = innerMomentum(0);
      momentum = (t) => (t < warmupSteps ? firstMomentum : innerMomentum(t - warmupSteps));
    }
    return {
      lr: (t) => (t < warmupSteps ? start + rampPerStep * t : inner(t - warmupSteps)),
      momentum,
      totalSteps: schedule.totalSteps === undefined ? undefined : warmupSteps + schedule.totalSteps,
    };
  },
});

/**
 * Linear warm-up in front of any schedule. For the first `warmupSteps` steps the rate rises
 * linearly from `startFactor * peak` towards `peak = schedule.lr(0)`; then the wrapped schedule
 * runs on its own clock, starting at its step 0 (so `lr(warmupSteps) = peak`, continuous). A
 * schedule of length N becomes one of length `warmupSteps + N`. This is the linear warm-up of
 * Goyal et al. (arXiv 1706.02677) and of Hugging Face's `get_*_schedule_with_warmup`; with the
 * default `startFactor` 0 the very first update has rate 0, as there.
 *
 *   W = warmupSteps, peak = schedule.lr(0)
 *   lr(t) = peak * (startFactor + (1 - startFactor) * t / W)   for t < W
 *   lr(t) = schedule.lr(t - W)                                   for t >= W
 *
 * Momentum, when the schedule has it, holds its first value during the ramp.
 *
 * @example
 * // Warm-up + cosine over 1000 steps in total:
 * const s = warmup({ warmupSteps: 100, schedule: cosine({ lr: 0.1, totalSteps: 900 }) });
 * s.lr(0);    // 0
 * s.lr(50);   // 0.05
 * s.lr(100);  // 0.1
 * s.lr(1000); // 0
 * s.totalSteps; // 1000
 */
export function warmup(options: WarmupOptions): Schedule {
  return createSchedule(warmupPolicy, options);
}
