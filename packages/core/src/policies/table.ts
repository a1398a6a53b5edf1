import { definePolicy } from '../definition.js';
import { invalid, type ParamDef, param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule, ScheduleFn } from '../types.js';

/** Options of {@link table}. */
export interface TableOptions {
  /** The learning rates, in order: finite numbers >= 0. */
  readonly values: readonly number[];
  /**
   * Steps at which the next value takes over: strictly increasing positive integers, one fewer
   * than `values`. Default: every step (`values[t]` is the rate of step t).
   */
  readonly boundaries?: readonly number[];
  /** Momentum beside each value, in [0, 1); the same length as `values`. */
  readonly momentum?: readonly number[];
}

interface ParsedTable {
  readonly values: readonly number[];
  readonly boundaries: readonly number[] | undefined;
  readonly momentum: readonly number[] | undefined;
}

function numberList(
  expected: string,
  accept: (value: number) => boolean,
  options: { readonly doc: string; readonly optional?: boolean },
): ParamDef<readonly number[]> {
  return {
    ...options,
    expected,
    parse: (value) =>
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((item) => typeof item === 'number' && Number.isFinite(item) && accept(item))
        ? Object.freeze([...(value as number[])])
        : invalid,
  };
}

/** Piecewise-constant lookup: part k holds from starts[k] (starts[0] = 0) to the next start. */
function lookup(values: readonly number[], boundaries: readonly number[] | undefined): ScheduleFn {
  const table = Float64Array.from(values);
  const last = table.length - 1;
  if (!boundaries) {
    // One value per step: an index, held at the last value after the end.
    return (t) => table[Math.min(Math.floor(t), last)] as number;
  }
  const starts = Float64Array.from(boundaries);
  return (t) => {
    // Binary search for the number of boundaries <= t: tables may be long.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((starts[middle] as number) <= t) low = middle + 1;
      else high = middle;
    }
    return table[low] as number;
  };
}

export const tablePolicy = definePolicy<ParsedTable>({
  name: 'table',
  summary:
    'Explicit values: values[k] from step boundaries[k-1] (every step by default), the last held.',
  formula: `b_0 = 0, b_k = boundaries[k-1] (default b_k = k); k = the last part with b_k <= t
lr(t) = values[k]; momentum(t) = momentum[k]`,
  params: {
    values: numberList('a non-empty list of finite numbers >= 0', (v) => v >= 0, {
      doc: 'the learning rates, in order',
    }),
    boundaries: param.increasingIntegers({
      doc: 'steps at which the next value takes over (one fewer than values; default every step)',
      optional: true,
      allowEmpty: true,
    }),
    momentum: numberList('a non-empty list of numbers in [0, 1)', (v) => v >= 0 && v < 1, {
      doc: 'momentum beside each value (same length as values)',
      optional: true,
    }),
  },
  check: ({ values, boundaries, momentum }, fail) => {
    if (boundaries && boundaries.length !== values.length - 1) {
      fail(
        'boundaries',
        `expected boundaries to have one fewer entry than values (${values.length - 1}), got ${boundaries.length}`,
      );
    }
    if (momentum && momentum.length !== values.length) {
      fail(
        'momentum',
        `expected momentum to have one entry per value (${values.length}), got ${momentum.length}`,
      );
    }
  },
  create: ({ values, boundaries, momentum }) => ({
    lr: lookup(values, boundaries),
    momentum: momentum ? lookup(momentum, boundaries) : undefined,
    // The last value holds from its start on; a table of n per-step values spans n steps.
    totalSteps: (boundaries ? (boundaries[boundaries.length - 1] ?? 0) : values.length - 1) + 1,
  }),
});

/**
 * A schedule given by its values: `values[k]` is the rate from step `boundaries[k-1]` (step 0
 * for k = 0) until the next boundary, and the last value holds for ever. Without boundaries
 * each value is one step's rate. Unlike {@link fromFunction} a table is data: it has a spec,
 * so it can be saved, sent to the CLI and read back. Evaluation is a binary search (an index
 * without boundaries), allocation-free.
 *
 *   lr(t) = values[k],   k = number of boundaries b with b <= t
 *
 * @example
 * const s = table({ values: [0.1, 0.05, 0.01], boundaries: [100, 150] });
 * s.lr(99);  // 0.1
 * s.lr(100); // 0.05
 * s.lr(500); // 0.01
 * table({ values: [0.3, 0.2, 0.1] }).lr(1); // 0.2
 */
export function table(options: TableOptions): Schedule {
  return buildSchedule(tablePolicy, options);
}
