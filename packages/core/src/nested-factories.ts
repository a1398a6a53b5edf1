import { clampPolicy } from './combinators/clamp.js';
import { noisePolicy } from './combinators/noise.js';
import { scalePolicy } from './combinators/scale.js';
import { sequencePolicy } from './combinators/sequence.js';
import { warmupPolicy } from './combinators/warmup.js';
import { createSchedule } from './create.js';
import { type CyclicOptions, cyclicPolicy } from './policies/cyclic.js';
import type { PolicySpec, Schedule } from './types.js';

// The typed factories of the policies whose parameters nest schedules: the combinators, and
// cyclic's scaleFn. They accept nested specs as well as schedules, so they sit above the spec
// parser (and so pull in the registry); the definitions they use import nothing above them.

/** Options of {@link warmup}. */
export interface WarmupOptions {
  /** Steps of the linear ramp; the wrapped schedule starts (at its own step 0) after them. */
  readonly warmupSteps: number;
  /** Ramp start as a fraction of the wrapped schedule's first rate, in [0, 1]. Default 0. */
  readonly startFactor?: number;
  /** The schedule that follows the ramp: a schedule or a spec. */
  readonly schedule: Schedule | PolicySpec;
}

/**
 * Linear warm-up in front of any schedule. For the first `warmupSteps` steps the rate rises
 * linearly from `startFactor * peak` towards `peak = schedule.lr(0)`; then the wrapped schedule
 * runs on its own clock, starting at its step 0 (so `lr(warmupSteps) = peak`, continuous). A
 * schedule of length N becomes one of length `warmupSteps + N`. This is the linear warm-up of
 * Goyal et al. (arXiv 1706.02677) and of Hugging Face's `get_*_schedule_with_warmup`; with the
 * default `startFactor` 0 the very first update has rate 0, as there.
 *
 *   W = warmupSteps, peak = schedule.lr(0)
 *   lr(t) = peak * (startFactor + (1 - startFactor) * t / W)   for t < W
 *   lr(t) = schedule.lr(t - W)                                   for t >= W
 *
 * Momentum, when the schedule has it, holds its first value during the ramp.
 *
 * @example
 * // Warm-up + cosine over 1000 steps in total:
 * const s = warmup({ warmupSteps: 100, schedule: cosine({ lr: 0.1, totalSteps: 900 }) });
 * s.lr(0);    // 0
 * s.lr(50);   // 0.05
 * s.lr(100);  // 0.1
 * s.lr(1000); // 0
 * s.totalSteps; // 1000
 */
export function warmup(options: WarmupOptions): Schedule {
  return createSchedule(warmupPolicy, options);
}

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

/** Options of {@link scale}. */
export interface ScaleOptions {
  /**
   * Multiplier: a positive number, or a schedule (or spec) whose `lr` at the same step is the
   * multiplier, e.g. `step({ lr: 1, stepSize: 1000, gamma: 0.5 })` to halve every 1000 steps.
   */
  readonly factor: number | Schedule | PolicySpec;
  /** The schedule whose rate is multiplied. */
  readonly schedule: Schedule | PolicySpec;
}

/**
 * Multiplies a schedule's rate by a constant, or by another schedule evaluated at the same
 * step. Momentum passes through unchanged. With a decaying factor this gives, for example,
 * SGDR whose peak shrinks at every restart.
 *
 *   lr(t) = schedule.lr(t) * factor             (number)
 *   lr(t) = schedule.lr(t) * factor.lr(t)       (schedule)
 *
 * @example
 * // SGDR with the peak halved at every restart (cycles of 100 steps):
 * const s = scale({
 *   factor: step({ lr: 1, stepSize: 100, gamma: 0.5 }),
 *   schedule: cosineRestarts({ lr: 0.1, firstCycleSteps: 100 }),
 * });
 * s.lr(0);   // 0.1
 * s.lr(100); // 0.05
 * s.lr(200); // 0.025
 */
export function scale(options: ScaleOptions): Schedule {
  return createSchedule(scalePolicy, options);
}

/** Options of {@link clamp}. At least one bound is required. */
export interface ClampOptions {
  /** Floor for the rate. Default: none. */
  readonly minLr?: number;
  /** Ceiling for the rate. Default: none. */
  readonly maxLr?: number;
  /** The schedule to clamp. */
  readonly schedule: Schedule | PolicySpec;
}

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

/**
 * A cyclical learning rate with a custom amplitude scale, PyTorch's `CyclicLR(scale_fn=...,
 * scale_mode=...)`. `scaleFn` may be a function (not JSON-serializable) or a schedule spec.
 *
 * @example
 * // Amplitude shrinks by 10% per cycle, written as data:
 * cyclic({ baseLr: 0.001, maxLr: 0.01, stepSize: 500,
 *          scaleFn: { policy: 'exponential', lr: 1, gamma: 0.9 }, scaleMode: 'cycle' });
 */
export function cyclic(options: CyclicOptions): Schedule {
  return createSchedule(cyclicPolicy, options);
}

/** Options of {@link noise}. */
export interface NoiseOptions {
  /** The schedule whose rate gets noise: a schedule or a spec. */
  readonly schedule: Schedule | PolicySpec;
  /** `'normal'` (default): a standard normal conditioned on `|z| < noisePct`; `'uniform'`: U(-noisePct, noisePct). */
  readonly noiseType?: 'normal' | 'uniform';
  /** Bound on the relative noise, strictly between 0 and 1 (so the rate stays positive). Default 0.67. */
  readonly noisePct?: number;
  /** First step with noise (timm `noise_range_t[0]`). Default 0. */
  readonly startStep?: number;
  /** First step without noise again (timm `noise_range_t[1]`). Default: none, noise to the end. */
  readonly endStep?: number;
  /** Seed: an integer >= 0. Default 42 (timm's `noise_seed`). */
  readonly seed?: number;
}

/**
 * Seeded learning-rate noise over any schedule, with timm's semantics (`noise_range_t`,
 * `noise_pct`, `noise_type`, `noise_seed`): inside `[startStep, endStep)` the rate is multiplied
 * by `1 + z`, where `z` is drawn afresh for every step from a generator seeded by the seed and
 * the step, so the rate is still a pure function of the step (timm seeds torch's generator with
 * `noise_seed + t`; the draws here come from a counter-based hash, so the values differ from
 * timm's, the distribution does not). Fractional steps share the noise of their integer part.
 * Momentum passes through unchanged.
 *
 *   n = floor(t), active when startStep <= n < endStep
 *   normal:  z ~ N(0, 1) conditioned on |z| < noisePct;   uniform: z ~ U(-noisePct, noisePct)
 *   lr(t) = schedule.lr(t) * (1 + z(seed, n))   (schedule.lr(t) when not active)
 *
 * timm's `noise_std` is accepted by timm but not used by its noise; it has no counterpart here.
 *
 * @example
 * const s = noise({ schedule: cosine({ lr: 0.1, totalSteps: 1000 }), startStep: 100, seed: 7 });
 * s.lr(50);  // 0.0994 (cosine alone: before startStep)
 * s.lr(500) === s.lr(500); // true: same step, same noise
 * // |s.lr(t) / cosine(t) - 1| < 0.67 for every t >= 100
 */
export function noise(options: NoiseOptions): Schedule {
  return createSchedule(noisePolicy, options);
}
