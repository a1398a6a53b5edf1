import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Shapes of the warm-up and of the decay, as Hugging Face's `warmup_type` / `decay_type`. */
export type WsdShape = 'linear' | 'cosine' | '1-sqrt';

/** Options of {@link warmupStableDecay}. */
export interface WarmupStableDecayOptions {
  /** Learning rate of the stable phase (the peak). */
  readonly lr: number;
  /** Steps of the warm-up from `minLrRatio * lr` to `lr`. */
  readonly warmupSteps: number;
  /** Steps at `lr` after the warm-up. */
  readonly stableSteps: number;
  /** Steps of the decay from `lr` to `minLrRatio * lr`; the rate holds there after. */
  readonly decaySteps: number;
  /** Shape of the warm-up: `'linear'` (default), `'cosine'` or `'1-sqrt'`. */
  readonly warmupType?: WsdShape;
  /** Shape of the decay: `'cosine'` (default), `'linear'` or `'1-sqrt'`. */
  readonly decayType?: WsdShape;
  /** Floor of the warm-up and of the decay, as a fraction of `lr`, in [0, 1]. Default 0. */
  readonly minLrRatio?: number;
  /** Cosine waves over the decay (`decayType: 'cosine'` only). Default 0.5, one half-cosine down. */
  readonly numCycles?: number;
}

interface ParsedWsd {
  readonly lr: number;
  readonly warmupSteps: number;
  readonly stableSteps: number;
  readonly decaySteps: number;
  readonly warmupType: WsdShape;
  readonly decayType: WsdShape;
  readonly minLrRatio: number;
  readonly numCycles: number;
}

const shapes: readonly WsdShape[] = ['linear', 'cosine', '1-sqrt'];

export const warmupStableDecayPolicy = definePolicy<ParsedWsd>({
  name: 'warmupStableDecay',
  summary:
    'Warm-up, a stable phase at lr, then a decay, as one policy (WSD; Hugging Face get_wsd_schedule).',
  formula: `W, S, D = warmupSteps, stableSteps, decaySteps; m = minLrRatio; floor f(x) = m + (1 - m) * x
warm-up t < W:        p = t / max(1, W); lr * f(linear: p | cosine: (1 - cos(pi p)) / 2 | 1-sqrt: 1 - sqrt(1 - p))
stable  t < W + S:    lr
decay   t < W + S + D: p = (t - W - S) / max(1, D); lr * f(linear: 1 - p | cosine: (1 + cos(2 pi numCycles p)) / 2 | 1-sqrt: 1 - sqrt(p))
after:               lr * m`,
  params: {
    lr: param.positive({ doc: 'learning rate of the stable phase' }),
    warmupSteps: param.nonNegativeInteger({ doc: 'steps of the warm-up' }),
    stableSteps: param.nonNegativeInteger({ doc: 'steps at lr' }),
    decaySteps: param.positiveInteger({ doc: 'steps of the decay (held after)' }),
    warmupType: param.oneOf(shapes, { doc: 'shape of the warm-up', default: 'linear' }),
    decayType: param.oneOf(shapes, { doc: 'shape of the decay', default: 'cosine' }),
    minLrRatio: param.fraction({ doc: 'floor as a fraction of lr', default: 0 }),
    numCycles: param.positive({ doc: 'cosine waves over the decay', default: 0.5 }),
  },
  create: ({
    lr,
    warmupSteps,
    stableSteps,
    decaySteps,
    warmupType,
    decayType,
    minLrRatio,
    numCycles,
  }) => {
    const stableStart = warmupSteps;
    const decayStart = warmupSteps + stableSteps;
    const end = decayStart + decaySteps;
    const warmupDivisor = Math.max(1, warmupSteps);
    const floored = (factor: number) => Math.max(0, factor * (1 - minLrRatio) + minLrRatio);
    const rise = shapeOf(warmupType, 'warmup', numCycles);
    const fall = shapeOf(decayType, 'decay', numCycles);
    return {
      lr: (t) => {
        if (t < stableStart) return lr * floored(rise(t / warmupDivisor));
        if (t < decayStart) return lr;
        if (t < end) return lr * floored(fall((t - decayStart) / decaySteps));
        return lr * minLrRatio;
      },
      totalSteps: end,
    };
  },
});

/** The factor in [0, 1] of a phase at progress p in [0, 1), written as transformers writes it. */
function shapeOf(
  shape: WsdShape,
  phase: 'warmup' | 'decay',
  numCycles: number,
): (p: number) => number {
  if (phase === 'warmup') {
    if (shape === 'linear') return (p) => p;
    if (shape === 'cosine') return (p) => 0.5 * (1 - Math.cos(Math.PI * p));
    return (p) => 1 - Math.sqrt(1 - p);
  }
  if (shape === 'linear') return (p) => 1 - p;
  if (shape === 'cosine') return (p) => 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * p));
  return (p) => 1 - Math.sqrt(p);
}

/**
 * Warmup-stable-decay (WSD, as in MiniCPM, arXiv 2404.06395): a warm-up to `lr`, a stable phase
 * at `lr`, then a decay to `minLrRatio * lr`, held after. Same values as Hugging Face
 * transformers' `get_wsd_schedule(optimizer, num_warmup_steps=warmupSteps,
 * num_stable_steps=stableSteps, num_decay_steps=decaySteps, warmup_type, decay_type,
 * min_lr_ratio=minLrRatio, num_cycles=numCycles)` (a `LambdaLR`) stepped once per update.
 *
 *   W, S, D = warmupSteps, stableSteps, decaySteps;  f(x) = minLrRatio + (1 - minLrRatio) * x
 *   t < W:          p = t / W;            lr * f(p | (1 - cos(pi p)) / 2 | 1 - sqrt(1 - p))
 *   t < W + S:      lr
 *   t < W + S + D:  p = (t - W - S) / D;  lr * f(1 - p | (1 + cos(2 pi numCycles p)) / 2 | 1 - sqrt(p))
 *   after:          lr * minLrRatio
 * (shapes: linear | cosine | 1-sqrt; defaults linear warm-up, cosine decay, numCycles 0.5)
 *
 * @example
 * const s = warmupStableDecay({ lr: 0.1, warmupSteps: 100, stableSteps: 700, decaySteps: 200 });
 * s.lr(50);   // 0.05
 * s.lr(500);  // 0.1
 * s.lr(900);  // 0.05 (≈, half-way down the cosine)
 * s.lr(1000); // 0    (and after); s.totalSteps === 1000
 */
export function warmupStableDecay(options: WarmupStableDecayOptions): Schedule {
  return buildSchedule(warmupStableDecayPolicy, options);
}
