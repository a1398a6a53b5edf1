import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import type { Schedule, ScheduleFn } from '../types.js';

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
