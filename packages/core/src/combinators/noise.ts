import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { streamKey, uniformAt } from '../seeded-uniform.js';
import type { Schedule } from '../types.js';

interface ParsedNoise {
  readonly schedule: Schedule;
  readonly noiseType: 'normal' | 'uniform';
  readonly noisePct: number;
  readonly startStep: number;
  readonly endStep: number | undefined;
  readonly seed: number;
}

export const noisePolicy = definePolicy<ParsedNoise>({
  name: 'noise',
  summary:
    "Multiplies a schedule's rate by 1 + noise, the noise seeded by (seed, step), timm's lr noise.",
  formula: `n = floor(t); active = startStep <= n < endStep
normal:  z ~ N(0, 1) conditioned on |z| < noisePct;  uniform: z ~ U(-noisePct, noisePct)
lr(t) = schedule.lr(t) * (1 + z(seed, n))   when active, else schedule.lr(t)`,
  params: {
    schedule: param.schedule({ doc: 'the schedule whose rate gets noise' }),
    noiseType: param.oneOf(['normal', 'uniform'] as const, {
      doc: 'distribution of the noise',
      default: 'normal',
    }),
    noisePct: param.openFraction({
      doc: 'bound on the relative noise |z| (0 < noisePct < 1)',
      default: 0.67,
    }),
    startStep: param.nonNegativeInteger({ doc: 'first step with noise', default: 0 }),
    endStep: param.positiveInteger({ doc: 'first step without noise again', optional: true }),
    seed: param.nonNegativeInteger({ doc: 'seed of the noise', default: 42 }),
  },
  check: ({ startStep, endStep }, fail) => {
    if (endStep !== undefined && endStep <= startStep) {
      fail('endStep', `expected endStep > startStep (${startStep}), got ${endStep}`);
    }
  },
  create: ({ schedule, noiseType, noisePct, startStep, endStep, seed }) => {
    const inner = schedule.lr;
    const end = endStep ?? Number.POSITIVE_INFINITY;
    const relativeNoise = noiseType === 'normal' ? truncatedNormal : uniform;
    return {
      lr: (t) => {
        const value = inner(t);
        const n = Math.floor(t);
        if (n < startStep || n >= end) return value;
        return value * (1 + relativeNoise(streamKey(seed, n), noisePct));
      },
      momentum: schedule.momentum,
      totalSteps: schedule.totalSteps,
    };
  },
});

function uniform(key: number, bound: number): number {
  return (2 * uniformAt(key, 0) - 1) * bound;
}

/**
 * A standard normal conditioned on |z| < bound, timm's "resample until |noise| < noise_pct".
 * Sampled by rejection from U(-bound, bound) with acceptance exp(-z^2 / 2): exactly that
 * distribution, and since bound < 1 every draw is accepted with probability > exp(-1/2) ≈ 0.61,
 * so (unlike resampling a full normal) it stays fast for any small bound.
 */
function truncatedNormal(key: number, bound: number): number {
  for (let draw = 0; ; draw += 2) {
    const z = (2 * uniformAt(key, draw) - 1) * bound;
    if (uniformAt(key, draw + 1) < Math.exp(-0.5 * z * z)) return z;
  }
}
