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
  /**
   * Factor applied to the cycle's height (`lr - minLr`) at every restart, in (0, 1]: cycle i
   * peaks at `minLr + (lr - minLr) * cycleDecay^i` (Keras `CosineDecayRestarts(m_mul)`; timm
   * `CosineLRScheduler(cycle_decay)`, identical when `minLr` is 0). Default 1 (no decay).
   */
  readonly cycleDecay?: number;
}

interface ParsedCosineRestarts {
  readonly lr: number;
  readonly firstCycleSteps: number;
  readonly cycleMult: number;
  readonly minLr: number;
  readonly cycleDecay: number;
}

export const cosineRestartsPolicy = definePolicy<ParsedCosineRestarts>({
  name: 'cosineRestarts',
  summary:
    'Cosine annealing with warm restarts, cycles growing by cycleMult (SGDR; PyTorch CosineAnnealingWarmRestarts).',
  formula: `cycle i has length T_i = firstCycleSteps * cycleMult^i; T_cur = steps since the last restart
lr(t) = minLr + (lr - minLr) * cycleDecay^i * (1 + cos(pi * T_cur / T_i)) / 2`,
  params: {
    lr: param.positive({ doc: 'learning rate at the start of every cycle' }),
    firstCycleSteps: param.positiveInteger({ doc: 'steps of the first cycle' }),
    cycleMult: param.positiveInteger({ doc: 'growth factor of the cycle length', default: 1 }),
    minLr: param.nonNegative({
      doc: 'learning rate approached at each cycle end (<= lr)',
      default: 0,
    }),
    cycleDecay: param.number('a number in (0, 1]', (v) => v > 0 && v <= 1, {
      doc: 'factor on the height (lr - minLr) at every restart',
      default: 1,
    }),
  },
  check: ({ lr, minLr }, fail) => {
    if (minLr > lr) fail('minLr', `expected minLr <= lr (${lr}), got ${minLr}`);
  },
  create: ({ lr, firstCycleSteps, cycleMult, minLr, cycleDecay }) => {
    const height = lr - minLr;
    const at = (cycleSteps: number, cycleStep: number): number =>
      minLr + (height * (1 + Math.cos((Math.PI * cycleStep) / cycleSteps))) / 2;
    // Cycle i's height is height * cycleDecay^i; exp/log as in `exponential` (cheaper than pow).
    const logDecay = Math.log(cycleDecay);
    const decayedAt = (cycle: number, cycleSteps: number, cycleStep: number): number =>
      minLr +
      (height * Math.exp(cycle * logDecay) * (1 + Math.cos((Math.PI * cycleStep) / cycleSteps))) /
        2;
    if (cycleMult === 1) {
      if (cycleDecay === 1) return { lr: (t) => at(firstCycleSteps, t % firstCycleSteps) };
      return {
        lr: (t) => decayedAt(Math.floor(t / firstCycleSteps), firstCycleSteps, t % firstCycleSteps),
      };
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
        let cycle = 0;
        while (start + cycleSteps <= t) {
          start += cycleSteps;
          cycleSteps *= cycleMult;
          cycle++;
        }
        return cycleDecay === 1
          ? at(cycleSteps, t - start)
          : decayedAt(cycle, cycleSteps, t - start);
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
 *   lr(t) = minLr + (lr - minLr) * cycleDecay^i * (1 + cos(pi * T_cur / T_i)) / 2
 *
 * With `cycleDecay < 1` the peak shrinks at every restart while the floor stays at `minLr`: Keras's
 * `CosineDecayRestarts(initial_learning_rate=lr, first_decay_steps=firstCycleSteps, t_mul=cycleMult,
 * m_mul=cycleDecay, alpha=minLr / lr)`, and timm's `CosineLRScheduler(cycle_decay=cycleDecay)` when
 * `minLr` is 0 (timm decays the peak, not the height, so with a floor its peaks are lower).
 *
 * @example
 * const s = cosineRestarts({ lr: 0.1, firstCycleSteps: 10, cycleMult: 2 });
 * s.lr(0);  // 0.1
 * s.lr(5);  // 0.05 (≈, half-way through the first cycle)
 * s.lr(10); // 0.1  (restart; the second cycle lasts 20 steps)
 * s.lr(30); // 0.1  (restart; the third cycle lasts 40 steps)
 *
 * const d = cosineRestarts({ lr: 0.1, firstCycleSteps: 10, cycleDecay: 0.5 });
 * d.lr(10); // 0.05  (second peak)
 * d.lr(20); // 0.025 (third peak)
 */
export function cosineRestarts(options: CosineRestartsOptions): Schedule {
  return buildSchedule(cosineRestartsPolicy, options);
}
