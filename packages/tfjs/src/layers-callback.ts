import type { PlateauController, PolicySpec, Schedule } from '@cyclr/core';
import { Callback } from '@tensorflow/tfjs-layers';
import {
  type LearningRateScheduler,
  type LearningRateSchedulerArgs,
  learningRateScheduler,
} from './callback.js';
import type { CallbackLogs } from './tfjs-types.js';

const HOOKS = [
  'onTrainBegin',
  'onTrainEnd',
  'onEpochBegin',
  'onEpochEnd',
  'onBatchBegin',
  'onBatchEnd',
] as const;

/**
 * {@link learningRateScheduler} as a subclass of tfjs's own `Callback`, so it works in **any
 * position** of a `callbacks` array next to tfjs's callbacks (`tf.callbacks.earlyStopping()`).
 *
 * Why a second form: tfjs decides how to treat the whole array by its first element (tfjs-layers'
 * `standardizeCallbacks` keeps the array only when `callbacks[0] instanceof BaseCallback`, and
 * otherwise wraps every element as plain hooks, which breaks its own classes). The plain-object
 * scheduler cannot pass that check without importing tfjs-layers; this class does, so it needs
 * `@tensorflow/tfjs-layers` resolvable from your project (it comes with `@tensorflow/tfjs` under
 * npm; with pnpm, add it). tfjs hands a `Callback` the model, so `{ model }` is optional.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { LearningRateSchedulerCallback } from '@cyclr/tfjs/layers';
 *
 * await model.fit(xs, ys, {
 *   epochs: 20,
 *   callbacks: [
 *     new LearningRateSchedulerCallback({ policy: 'triangular', baseLr: 0.001, maxLr: 0.01, stepSize: 200 }),
 *     tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 3 }),
 *   ],
 * });
 * ```
 */
export class LearningRateSchedulerCallback extends Callback {
  /** The plain scheduler this callback drives (its step, last values and plateau). */
  readonly scheduler: LearningRateScheduler;

  constructor(scheduleOrSpec: Schedule | PolicySpec, args: LearningRateSchedulerArgs = {}) {
    super();
    const scheduler = learningRateScheduler(scheduleOrSpec, args);
    this.scheduler = scheduler;
    // Bound hooks, so that even a tfjs that wraps this object as plain hooks (a second copy of
    // tfjs-layers, whose BaseCallback this is not) still reaches the scheduler.
    for (const hook of HOOKS) {
      const method = this[hook] as (...a: unknown[]) => Promise<void>;
      Object.defineProperty(this, hook, { value: method.bind(this) });
    }
  }

  /** The schedule being applied. */
  get schedule(): Schedule {
    return this.scheduler.schedule;
  }

  /** Updates scheduled so far: the next one uses this step. */
  get step(): number {
    return this.scheduler.step;
  }

  /** The plateau controller (`plateau` option), or `undefined`. */
  get plateau(): PlateauController | undefined {
    return this.scheduler.plateau;
  }

  /** The values applied last, or `undefined` before training starts. */
  get last(): { lr: number; momentum?: number } | undefined {
    return this.scheduler.last;
  }

  override setParams(params: Parameters<Callback['setParams']>[0]): void {
    super.setParams(params);
    this.scheduler.setParams(params);
  }

  override setModel(model: Parameters<Callback['setModel']>[0]): void {
    super.setModel(model);
    this.scheduler.setModel(model);
  }

  override async onTrainBegin(logs?: CallbackLogs): Promise<void> {
    await this.scheduler.onTrainBegin(logs);
  }

  override async onTrainEnd(logs?: CallbackLogs): Promise<void> {
    await this.scheduler.onTrainEnd(logs);
  }

  override async onEpochBegin(epoch: number, logs?: CallbackLogs): Promise<void> {
    await this.scheduler.onEpochBegin(epoch, logs);
  }

  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    await this.scheduler.onEpochEnd(epoch, logs);
  }

  override async onBatchBegin(batch: number, logs?: CallbackLogs): Promise<void> {
    await this.scheduler.onBatchBegin(batch, logs);
  }

  override async onBatchEnd(batch: number, logs?: CallbackLogs): Promise<void> {
    await this.scheduler.onBatchEnd(batch, logs);
  }
}
