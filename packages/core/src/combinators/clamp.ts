import { createSchedule } from '../create.js';
import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import type { PolicySpec, Schedule } from '../types.js';

/** Options of {@link clamp}. At least one bound is required. */
export interface ClampOptions {
  /** Floor for the rate. Default: none. */
  readonly minLr?: number;
  /** Ceiling for the rate. Default: none. */
  readonly maxLr?: number;
  /** The schedule to clamp. */
  readonly schedule: Schedule | PolicySpec;
}

interface ParsedClamp {
  readonly minLr: number | undefined;
  readonly maxLr: number | undefined;
  readonly schedule: Schedule;
}

export const clampPolicy = definePolicy<ParsedClamp>({
  name: 'clamp',
  summary: "Keeps a schedule's rate within [minLr, maxLr].",
  formula: 'lr(t) = min(max(schedule.lr(t), minLr), maxLr); momentum unchanged',
  params: {
    minLr: param.nonNegative({ doc: 'floor for the rate', optional: true }),
    maxLr: param.positive({ doc: 'ceiling for the rate', optional: true }),
    schedule: param.schedule({ doc: 'the schedule to clamp' }),
  },
  check: ({ minLr, maxLr }, fail) => {
    if (minLr === undefined && maxLr === undefined) {
      fail('minLr', 'expected minLr or maxLr (or both) to be given, got neither');
    }
    if (minLr !== undefined && maxLr !== undefined && maxLr < minLr) {
      fail('maxLr', `expected maxLr >= minLr (${minLr}), got ${maxLr}`);
    }
  },
  create: ({ minLr, maxLr, schedule }) => {
    const inner = schedule.lr;
    const floor = minLr ?? 0;
    const ceiling = maxLr ?? Number.POSITIVE_INFINITY;
    return {
      lr: (t) => Math.min(Math.max(inner(t), floor), ceiling),
      momentum: schedule.momentum,
      totalSteps: schedule.totalSteps,
    };
  },
});

/**
 * Keeps a schedule's rate within `[minLr, maxLr]`; momentum passes through unchanged. Useful to
 * give a decay that ends at 0 a floor, or to cap an exponential growth.
 *
 *   lr(t) = min(max(schedule.lr(t), minLr), maxLr)
 *
 * @example
 * const s = clamp({ minLr: 1e-4, schedule: polynomial({ lr: 0.1, totalSteps: 100 }) });
 * s.lr(0);   // 0.1
 * s.lr(100); // 0.0001
 */
export function clamp(options: ClampOptions): Schedule {
  return createSchedule(clampPolicy, options);
}
