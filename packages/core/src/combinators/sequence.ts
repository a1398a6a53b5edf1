import { createSchedule } from '../create.js';
import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import type { PolicySpec, Schedule, ScheduleFn } from '../types.js';

/** Options of {@link sequence}. */
export interface SequenceOptions {
  /** The schedules, in order: schedules or specs. */
  readonly schedules: readonly (Schedule | PolicySpec)[];
  /**
   * Global steps at which the next schedule takes over: strictly increasing positive integers,
   * one fewer than `schedules`.
   */
  readonly boundaries: readonly number[];
}

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

/**
 * Runs schedules one after another, like optax's `join_schedules`: at each boundary the next
 * schedule takes over and starts at its own step 0 (local time), so every part is written as if
 * it ran alone. Momentum is joined the same way when every part has a momentum schedule, and is
 * `undefined` otherwise. Evaluation scans the boundaries: O(number of parts), allocation-free.
 *
 *   b_0 = 0, b_k = boundaries[k - 1];  k = the last part with b_k <= t
 *   lr(t) = schedules[k].lr(t - b_k)
 *
 * @example
 * // Warmup-stable-decay (WSD): 100 steps up, constant until 800, 200 steps of cosine decay.
 * const s = sequence({
 *   schedules: [
 *     linear({ lr: 0.1, startFactor: 0.01, endFactor: 1, totalSteps: 100 }),
 *     constant({ lr: 0.1 }),
 *     cosine({ lr: 0.1, totalSteps: 200 }),
 *   ],
 *   boundaries: [100, 800],
 * });
 * s.lr(0);    // 0.001
 * s.lr(500);  // 0.1
 * s.lr(900);  // 0.05 (≈, half-way through the cosine)
 * s.lr(1000); // 0
 */
export function sequence(options: SequenceOptions): Schedule {
  return createSchedule(sequencePolicy, options);
}
