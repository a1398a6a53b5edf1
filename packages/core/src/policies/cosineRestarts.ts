import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link cosineRestarts}. */
export interface CosineRestartsOptions {
  /** Learning rate at the start of every cycle (the peak). */
  readonly lr: number;
  /** Steps of the first cycle (PyTorch `T_0`). */
  readonly firstCycleSteps: number;
  /** Each cycle is this many times longer than the previous one: an integer >= 1. Default 1. */
  readonly cycleMult?: number;
  /** Rate approached at the end of every cycle. Default 0. */
  readonly minLr?: number;
}

interface ParsedCosineRestarts {
  readonly lr: number;
  readonly firstCycleSteps: number;
  readonly cycleMult: number;
  readonly minLr: number;
}

export const cosineRestartsPolicy = definePolicy<ParsedCosineRestarts>({
  name: 'cosineRestarts',
  summary:
    'Cosine annealing with warm restarts, cycles growing by cycleMult (SGDR; PyTorch CosineAnnealingWarmRestarts).',
  formula: `cycle i has length T_i = firstCycleSteps * cycleMult^i; T_cur = steps since the last restart
lr(t) = minLr + (lr - minLr) * (1 + cos(pi * T_cur / T_i)) / 2`,
  params: {
    lr: param.positive({ doc: 'learning rate at the start of every cycle' }),
    firstCycleSteps: param.positiveInteger({ doc: 'steps of the first cycle' }),
    cycleMult: param.positiveInteger({ doc: 'growth factor of the cycle length', default: 1 }),
    minLr: param.nonNegative({
      doc: 'learning rate approached at each cycle end (<= lr)',
      default: 0,
    }),
  },
  check: ({ lr, minLr }, fail) => {
    if (minLr > lr) fail('minLr', `expected minLr <= lr (${lr}), got ${minLr}`);
  },
  create: ({ lr, firstCycleSteps, cycleMult, minLr }) => {
    const height = lr - minLr;
    const at = (cycleSteps: number, cycleStep: number): number =>
      minLr + (height * (1 + Math.cos((Math.PI * cycleStep) / cycleSteps))) / 2;
    if (cycleMult === 1) {
      return { lr: (t) => at(firstCycleSteps, t % firstCycleSteps) };
    }
    return {
      lr: (t) => {
        // Walk the cycles with exact integer arithmetic (PyTorch's recursive step() does the
        // same; its closed form takes the cycle from a logarithm, which can land one cycle off
        // at an exact restart, and Math.log alone costs more than this loop). Cycles grow
        // geometrically, so this is O(log(t / firstCycleSteps)) multiply-adds: at most ~50 for
        // any step below 2^53, typically under 15.
        let start = 0;
        let cycleSteps = firstCycleSteps;
        while (start + cycleSteps <= t) {
          start += cycleSteps;
          cycleSteps *= cycleMult;
        }
        return at(cycleSteps, t - start);
      },
    };
  },
});

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter, arXiv 1608.03983): every
 * cycle anneals from `lr` towards `minLr` along half a cosine, then restarts at `lr`. The first
 * cycle lasts `firstCycleSteps`, each next one `cycleMult` times longer. Same values as PyTorch's
 * `CosineAnnealingWarmRestarts(T_0=firstCycleSteps, T_mult=cycleMult, eta_min=minLr)` stepped
 * once per update. No end: it restarts forever.
 *
 *   T_i   = firstCycleSteps * cycleMult^i            (length of cycle i, i = 0, 1, ...)
 *   T_cur = t - firstCycleSteps * (cycleMult^i - 1) / (cycleMult - 1)   (t - i * firstCycleSteps when cycleMult = 1)
 *   lr(t) = minLr + (lr - minLr) * (1 + cos(pi * T_cur / T_i)) / 2
 *
 * For a peak that decays from cycle to cycle, wrap it in {@link scale} with a schedule factor.
 *
 * @example
 * const s = cosineRestarts({ lr: 0.1, firstCycleSteps: 10, cycleMult: 2 });
 * s.lr(0);  // 0.1
 * s.lr(5);  // 0.05 (≈, half-way through the first cycle)
 * s.lr(10); // 0.1  (restart; the second cycle lasts 20 steps)
 * s.lr(30); // 0.1  (restart; the third cycle lasts 40 steps)
 */
export function cosineRestarts(options: CosineRestartsOptions): Schedule {
  return buildSchedule(cosineRestartsPolicy, options);
}
