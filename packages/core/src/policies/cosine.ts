import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link cosine}. */
export interface CosineOptions {
  /** Learning rate at step 0 (the peak). */
  readonly lr: number;
  /** Steps of the half cosine (PyTorch `T_max`); the rate is `minLr` from this step on. */
  readonly totalSteps: number;
  /** Rate reached at `totalSteps` and held after it. Default 0. */
  readonly minLr?: number;
}

interface ParsedCosine {
  readonly lr: number;
  readonly totalSteps: number;
  readonly minLr: number;
}

export const cosinePolicy = definePolicy<ParsedCosine>({
  name: 'cosine',
  summary: 'Half-cosine annealing from lr to minLr over totalSteps (PyTorch CosineAnnealingLR).',
  formula: 'lr(t) = minLr + (lr - minLr) * (1 + cos(pi * min(t, totalSteps) / totalSteps)) / 2',
  params: {
    lr: param.positive({ doc: 'learning rate at step 0' }),
    totalSteps: param.positiveInteger({ doc: 'steps to reach minLr (held after)' }),
    minLr: param.nonNegative({ doc: 'final learning rate (<= lr)', default: 0 }),
  },
  check: ({ lr, minLr }, fail) => {
    if (minLr > lr) fail('minLr', `expected minLr <= lr (${lr}), got ${minLr}`);
  },
  create: ({ lr, totalSteps, minLr }) => ({
    // PyTorch's closed form (`_get_closed_form_lr`), same operation order.
    lr: (t) =>
      minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * Math.min(t, totalSteps)) / totalSteps))) / 2,
    totalSteps,
  }),
});

/**
 * Cosine annealing (Loshchilov & Hutter, "SGDR", arXiv 1608.03983, without restarts): half a
 * cosine from `lr` down to `minLr` over `totalSteps`, then `minLr` for good. Same values as
 * PyTorch's `CosineAnnealingLR(T_max=totalSteps, eta_min=minLr)` up to `totalSteps`; PyTorch
 * would climb back up after it, this holds `minLr`.
 *
 *   lr(t) = minLr + (lr - minLr) * (1 + cos(pi * min(t, totalSteps) / totalSteps)) / 2
 *
 * t: optimizer updates already done; lr: rate at step 0; minLr: rate at totalSteps and after
 * (default 0).
 *
 * @example
 * const s = cosine({ lr: 0.1, totalSteps: 100 });
 * s.lr(0);   // 0.1
 * s.lr(50);  // 0.05 (≈)
 * s.lr(100); // 0
 * s.lr(500); // 0 (held)
 */
export function cosine(options: CosineOptions): Schedule {
  return buildSchedule(cosinePolicy, options);
}
