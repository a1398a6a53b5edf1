import { fromSpec, type PolicySpec, type Schedule } from '@cyclr/core';
import { hyperParamWriter, type MomentumTarget, type OptimizerKind } from './optimizers.js';
import { rejectUnknownKeys } from './option-keys.js';
import type { OptimizerLike } from './tfjs-types.js';

/** Options of {@link bindSchedule}. */
export interface BindScheduleOptions {
  /**
   * Drive momentum (SGD momentum, RMSProp momentum, Adam/Adamax beta1) when the schedule cycles
   * it. Default `true`. Set `false` to use a momentum-cycling policy (e.g. `oneCycle`) for the
   * rate only, e.g. with plain SGD, Adagrad or Adadelta (as PyTorch's `cycle_momentum=False`).
   */
  cycleMomentum?: boolean;
}

/** The values a binding wrote into the optimizer for one step. */
export interface ScheduledValues {
  /** The learning rate the next update uses: `schedule.lr(step)`. */
  lr: number;
  /** The momentum / beta1 the next update uses: `schedule.momentum(step)`, when cycled. */
  momentum?: number;
}

/** A schedule attached to one tfjs optimizer; see {@link bindSchedule}. */
export interface ScheduleBinding {
  readonly schedule: Schedule;
  readonly optimizer: OptimizerLike;
  /** Which tfjs optimizer the binding detected. */
  readonly optimizerKind: OptimizerKind;
  /** The field momentum values go to; `undefined` when momentum is not cycled. */
  readonly momentumTarget: MomentumTarget | undefined;
  /**
   * Writes `schedule.lr(step)` (and `schedule.momentum(step)`) into the optimizer, so that the
   * next `minimize` / `applyGradients` uses them. `step` = updates already done (0-based).
   * Returns the values written. Allocates no tensors, except one scalar per momentum change
   * on the Momentum optimizer (the previous one is disposed).
   */
  apply(step: number): ScheduledValues;
}

/**
 * Attaches a schedule to a tfjs optimizer for custom training loops (`optimizer.minimize`,
 * `optimizer.applyGradients`): call `binding.apply(step)` before each update.
 *
 * Works with all seven tfjs optimizers. Throws when the schedule cycles momentum and the
 * optimizer has none (sgd, adagrad, adadelta), unless `cycleMomentum: false`.
 *
 * @param optimizer - a tfjs optimizer (`tf.train.sgd(0.1)`, `tf.train.adam()`, ...); its
 *   constructor learning rate is overwritten on the first `apply`.
 * @param scheduleOrSpec - a `@cyclr/core` schedule or its JSON spec.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { bindSchedule } from '@cyclr/tfjs';
 *
 * const optimizer = tf.train.momentum(0.1, 0.9);
 * const binding = bindSchedule(optimizer, {
 *   policy: 'triangular', baseLr: 0.001, maxLr: 0.01, stepSize: 2000,
 *   baseMomentum: 0.85, maxMomentum: 0.95,
 * });
 * for (let step = 0; step < 8000; step++) {
 *   binding.apply(step); // -> { lr, momentum }
 *   optimizer.minimize(() => loss(model, nextBatch()));
 * }
 * ```
 */
export function bindSchedule(
  optimizer: OptimizerLike,
  scheduleOrSpec: Schedule | PolicySpec,
  options: BindScheduleOptions = {},
): ScheduleBinding {
  const schedule = fromSpec(scheduleOrSpec);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`bindSchedule: expected options to be an object, got ${String(options)}`);
  }
  rejectUnknownKeys('bindSchedule', options, [
    'cycleMomentum',
  ] satisfies (keyof BindScheduleOptions)[]);
  const cycleMomentum = options.cycleMomentum ?? true;
  if (typeof cycleMomentum !== 'boolean') {
    throw new TypeError(
      `bindSchedule: expected cycleMomentum to be a boolean, got ${String(cycleMomentum)}`,
    );
  }
  const writer = hyperParamWriter('bindSchedule', optimizer);
  const momentumFn = cycleMomentum ? schedule.momentum : undefined;
  if (momentumFn && writer.momentumTarget === undefined) {
    throw new TypeError(
      `bindSchedule: the schedule (${schedule.toJSON().policy}) cycles momentum, but the ${writer.kind} optimizer has no momentum or beta1; use tf.train.momentum, adam, adamax or rmsprop, or pass { cycleMomentum: false } to schedule only the rate`,
    );
  }
  return {
    schedule,
    optimizer,
    optimizerKind: writer.kind,
    momentumTarget: momentumFn ? writer.momentumTarget : undefined,
    apply(step: number): ScheduledValues {
      const lr = schedule.lr(step);
      if (!Number.isFinite(lr)) {
        throw new RangeError(
          `bindSchedule: expected the schedule's lr at step ${step} to be a finite number, got ${lr}`,
        );
      }
      writer.setLearningRate(lr);
      if (!momentumFn) return { lr };
      const momentum = momentumFn(step);
      if (!Number.isFinite(momentum)) {
        throw new RangeError(
          `bindSchedule: expected the schedule's momentum at step ${step} to be a finite number, got ${momentum}`,
        );
      }
      writer.setMomentum(momentum);
      return { lr, momentum };
    },
  };
}
