import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import type { Schedule, ScheduleFn } from '../types.js';

interface ParsedSequence {
  readonly schedules: readonly Schedule[];
  readonly boundaries: readonly number[];
}

/** Joins functions: part k runs on local time t - boundaries[k-1]. */
function join(parts: readonly ScheduleFn[], boundaries: readonly number[]): ScheduleFn {
  const fns = [...parts];
  const starts = Float64Array.of(0, ...boundaries);
  const last = fns.length - 1;
  if (last === 0) return fns[0] as ScheduleFn;
  return (t) => {
    // Parts are few; a backwards linear scan finds the active one without allocating.
    let k = last;
    while (t < (starts[k] as number)) k--;
    return (fns[k] as ScheduleFn)(t - (starts[k] as number));
  };
}

export const sequencePolicy = definePolicy<ParsedSequence>({
  name: 'sequence',
  summary:
    'Runs schedules one after another; each starts at its own step 0 at its boundary (optax join_schedules).',
  formula: `b_0 = 0, b_k = boundaries[k-1]; k = the last part with b_k <= t
lr(t) = schedules[k].lr(t - b_k)   (momentum likewise, when every part has it)`,
  params: {
    schedules: param.schedules({ doc: 'the schedules, in order' }),
    boundaries: param.increasingIntegers({
      doc: 'steps at which the next schedule takes over (one fewer than schedules)',
      allowEmpty: true,
    }),
  },
  check: ({ schedules, boundaries }, fail) => {
    if (boundaries.length !== schedules.length - 1) {
      fail(
        'boundaries',
        `expected boundaries to have ${schedules.length - 1} entries (one fewer than schedules), got ${boundaries.length}`,
      );
    }
  },
  create: ({ schedules, boundaries }) => {
    const lastSchedule = schedules[schedules.length - 1] as Schedule;
    const lastStart = boundaries.length === 0 ? 0 : (boundaries[boundaries.length - 1] as number);
    const momenta = schedules.map((s) => s.momentum);
    const allHaveMomentum = momenta.every((m) => m !== undefined);
    return {
      lr: join(
        schedules.map((s) => s.lr),
        boundaries,
      ),
      momentum: allHaveMomentum ? join(momenta as ScheduleFn[], boundaries) : undefined,
      totalSteps:
        lastSchedule.totalSteps === undefined ? undefined : lastStart + lastSchedule.totalSteps,
    };
  },
});
