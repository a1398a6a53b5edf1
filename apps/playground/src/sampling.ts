import type { Schedule } from '@cyclr/core';

/** At most this many points per curve: every step for short schedules, an even stride beyond. */
export const maxPoints = 2000;

/** Integer steps 0 .. horizon - 1 to plot, always including the last one. */
export function sampleSteps(horizon: number): number[] {
  const stride = Math.max(1, Math.ceil(horizon / maxPoints));
  const steps: number[] = [];
  for (let step = 0; step < horizon; step += stride) steps.push(step);
  if (steps[steps.length - 1] !== horizon - 1) steps.push(horizon - 1);
  return steps;
}

/** Steps a page shows for schedules without a length: three cycles of the usual CLR size. */
const openEndedHorizon = 6000;

/** The longest schedule's length, or a default for open-ended ones. */
export function autoHorizon(schedules: readonly Schedule[]): number {
  const lengths = schedules.map((schedule) => schedule.totalSteps ?? openEndedHorizon);
  return Math.max(1, ...lengths);
}
