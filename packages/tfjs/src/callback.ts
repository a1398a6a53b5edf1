import { fromSpec, type PlateauController, type PolicySpec, type Schedule } from '@cyclr/core';
import { type BindScheduleOptions, bindSchedule, type ScheduleBinding } from './bind-schedule.js';
import { rejectUnknownKeys } from './option-keys.js';
import { type PlateauArgs, plateauMonitor } from './plateau-monitor.js';
import type { CallbackLogs, LayersModelLike } from './tfjs-types.js';

const schedulerArgKeys = [
  'model',
  'updateEvery',
  'startStep',
  'stepsPerEpoch',
  'cycleMomentum',
  'plateau',
] as const satisfies readonly (keyof LearningRateSchedulerArgs)[];

/** Options of {@link learningRateScheduler}, named like tfjs's `EarlyStoppingCallbackArgs`. */
export interface LearningRateSchedulerArgs extends BindScheduleOptions {
  /**
   * The model being trained; the scheduler drives `model.optimizer` (read when training
   * starts, so recompiling with a new optimizer is picked up). Needed because tfjs does not
   * hand plain callback objects the model; optional only when tfjs calls `setModel` (the
   * scheduler placed after a tfjs `Callback` in the callbacks array).
   */
  model?: LayersModelLike;
  /**
   * `'batch'` (default): a new value before every batch; the schedule's step counts optimizer
   * updates. `'epoch'`: one value per epoch, set before its first batch; the step counts epochs
   * (as Keras's `LearningRateScheduler` and a PyTorch scheduler stepped once per epoch).
   */
  updateEvery?: 'batch' | 'epoch';
  /**
   * The step of the first update (first epoch with `updateEvery: 'epoch'`), to resume a run.
   * Default: 0, or, when the first `fit` starts at `initialEpoch > 0`,
   * `initialEpoch * stepsPerEpoch` (`initialEpoch` for `updateEvery: 'epoch'`).
   */
  startStep?: number;
  /**
   * Batches per epoch, used only to resume from `initialEpoch` without `startStep`.
   * Default: what `fit` reports (`ceil(samples / batchSize)`, or `fitDataset`'s `batchesPerEpoch`).
   */
  stepsPerEpoch?: number;
  /**
   * Reduce the rate when a metric stops improving, as Keras's `ReduceLROnPlateau(monitor=
   * 'val_loss')` with PyTorch's exact rules and defaults: after each epoch the `monitor` log is
   * reported and the schedule's rate is multiplied by the plateau's multiplier from then on
   * (see `reduceLrOnPlateau` in `@cyclr/core`). Use `{ policy: 'constant', lr }` for plain
   * ReduceLROnPlateau.
   */
  plateau?: PlateauArgs;
}

/**
 * A `model.fit` / `model.fitDataset` callback. It is a plain hook object (no tfjs class), so it
 * works with any copy of tfjs: pass it alone or in an array of plain objects, or after a tfjs
 * callback. tfjs decides how to treat the whole array by its first element; to put it first
 * before tfjs's own callbacks, use `LearningRateSchedulerCallback` from `@cyclr/tfjs/layers`.
 */
export interface LearningRateScheduler {
  /** The schedule being applied. */
  readonly schedule: Schedule;
  /** Updates (epochs with `updateEvery: 'epoch'`) scheduled so far: the next one uses this step. */
  readonly step: number;
  /** The plateau controller (`plateau` option), or `undefined`; `.state()` saves it. */
  readonly plateau: PlateauController | undefined;
  /** The values applied last, or `undefined` before training starts. */
  readonly last: { lr: number; momentum?: number } | undefined;
  setParams(params: unknown): void;
  setModel(model: unknown): void;
  onTrainBegin(logs?: CallbackLogs): Promise<void>;
  onTrainEnd(logs?: CallbackLogs): Promise<void>;
  onEpochBegin(epoch: number, logs?: CallbackLogs): Promise<void>;
  onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void>;
  onBatchBegin(batch: number, logs?: CallbackLogs): Promise<void>;
  onBatchEnd(batch: number, logs?: CallbackLogs): Promise<void>;
}

interface FitParams {
  steps?: number | null;
  samples?: number | null;
  batchSize?: number | null;
}

/** What tfjs's `CustomCallback` wrapper holds when it calls our hooks as its own methods. */
interface HookContext {
  params?: FitParams;
}

/**
 * Schedules the learning rate (and momentum / Adam beta1 where the policy cycles it) during
 * `model.fit` and `model.fitDataset`, like tfjs's `earlyStopping(args)` names its callback.
 *
 * Before every batch it writes `schedule.lr(step)` into the model's optimizer, where `step`
 * counts updates across epochs (tfjs's `batch` restarts every epoch) and across `fit` calls
 * with the same callback. It adds `lr` (and `momentum`) to the batch logs and, with the values
 * of the epoch's last batch, to the epoch logs, so they appear in the returned `History`.
 * With `initialEpoch`, it resumes at `initialEpoch * stepsPerEpoch` unless `startStep` says
 * otherwise.
 *
 * @param scheduleOrSpec - a `@cyclr/core` schedule or its JSON spec.
 * @param args - {@link LearningRateSchedulerArgs}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { learningRateScheduler } from '@cyclr/tfjs';
 *
 * model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
 * const history = await model.fit(xs, ys, {
 *   epochs: 8,
 *   batchSize: 128,
 *   callbacks: learningRateScheduler(
 *     { policy: 'triangular2', baseLr: 0.001, maxLr: 0.006, stepSize: 4 * 469 },
 *     { model },
 *   ),
 * });
 * console.log(history.history.lr); // the rate of each epoch's last batch
 * ```
 */
export function learningRateScheduler(
  scheduleOrSpec: Schedule | PolicySpec,
  args: LearningRateSchedulerArgs = {},
): LearningRateScheduler {
  const schedule = fromSpec(scheduleOrSpec);
  if (typeof args !== 'object' || args === null) {
    throw new TypeError(
      `learningRateScheduler: expected args to be an object, got ${String(args)}`,
    );
  }
  rejectUnknownKeys('learningRateScheduler', args, schedulerArgKeys);
  const updateEvery = args.updateEvery ?? 'batch';
  if (updateEvery !== 'batch' && updateEvery !== 'epoch') {
    throw new TypeError(
      `learningRateScheduler: expected updateEvery to be "batch" or "epoch", got ${JSON.stringify(updateEvery)}`,
    );
  }
  checkCount('startStep', args.startStep);
  checkCount('stepsPerEpoch', args.stepsPerEpoch, 1);
  const plateau = args.plateau === undefined ? undefined : plateauMonitor(args.plateau, schedule);
  const bindOptions: BindScheduleOptions =
    args.cycleMomentum === undefined ? {} : { cycleMomentum: args.cycleMomentum };

  let model: LayersModelLike | undefined = args.model;
  if (model !== undefined && (typeof model !== 'object' || model === null)) {
    throw new TypeError(
      `learningRateScheduler: expected model to be a tf.LayersModel, got ${String(model)}`,
    );
  }
  let params: FitParams | undefined;
  let binding: ScheduleBinding | undefined;
  let step: number | undefined;
  let last: { lr: number; momentum?: number } | undefined;

  const adopt = (context: unknown) => {
    // Via tfjs's CustomCallback wrapper, `this` is the wrapper, which holds the fit params
    // (but not the model: BaseCallback.setModel is a no-op upstream).
    const ctx = (typeof context === 'object' && context !== null ? context : {}) as HookContext;
    if (ctx.params) params = ctx.params;
  };

  const bind = (): ScheduleBinding => {
    if (!model) {
      throw new Error(
        'learningRateScheduler: expected the model, got none; pass it as learningRateScheduler(spec, { model }) (tfjs does not give plain callback objects the model)',
      );
    }
    const optimizer = model.optimizer;
    if (!optimizer) {
      throw new Error(
        'learningRateScheduler: expected the model to be compiled with an optimizer before fit(), got no model.optimizer',
      );
    }
    if (binding?.optimizer !== optimizer) {
      binding = bindSchedule(optimizer, plateau?.driven ?? schedule, bindOptions);
    }
    return binding;
  };

  const startAt = (epoch: number): number => {
    if (args.startStep !== undefined) return args.startStep;
    if (epoch === 0 || updateEvery === 'epoch') return epoch;
    const perEpoch = args.stepsPerEpoch ?? stepsPerEpochFrom(params);
    if (perEpoch === undefined) {
      throw new Error(
        `learningRateScheduler: expected stepsPerEpoch (or startStep) to resume at initialEpoch ${epoch}, got neither, and fit() did not report its batches per epoch`,
      );
    }
    return epoch * perEpoch;
  };

  const applyAt = (logs: CallbackLogs | undefined) => {
    const current = step ?? 0;
    const values = bind().apply(current);
    last = values;
    step = current + 1;
    writeLogs(logs, values);
  };

  const scheduler: LearningRateScheduler = {
    schedule,
    plateau: plateau?.controller,
    get step() {
      return step ?? args.startStep ?? 0;
    },
    get last() {
      return last;
    },
    setParams(value: unknown) {
      params = value as FitParams;
    },
    setModel(value: unknown) {
      model = value as LayersModelLike;
    },
    async onTrainBegin(this: unknown) {
      adopt(this);
      bind();
    },
    async onTrainEnd() {},
    async onEpochBegin(this: unknown, epoch: number, logs?: CallbackLogs) {
      adopt(this);
      if (step === undefined) step = startAt(epoch);
      if (updateEvery === 'epoch') applyAt(logs);
    },
    async onEpochEnd(epoch: number, logs?: CallbackLogs) {
      plateau?.onEpochEnd(epoch, logs, step ?? 0);
      if (last) writeLogs(logs, last);
    },
    async onBatchBegin(_batch: number, logs?: CallbackLogs) {
      if (updateEvery !== 'batch') {
        if (last) writeLogs(logs, last);
        return;
      }
      applyAt(logs);
    },
    async onBatchEnd() {},
  };
  return scheduler;
}

function writeLogs(logs: CallbackLogs | undefined, values: { lr: number; momentum?: number }) {
  if (!logs) return;
  logs.lr = values.lr;
  if (values.momentum !== undefined) logs.momentum = values.momentum;
}

function stepsPerEpochFrom(params: FitParams | undefined): number | undefined {
  if (!params) return undefined;
  if (typeof params.steps === 'number' && params.steps > 0) return params.steps;
  if (typeof params.samples === 'number' && typeof params.batchSize === 'number') {
    return Math.ceil(params.samples / params.batchSize);
  }
  return undefined;
}

function checkCount(name: string, value: unknown, min = 0) {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(
      `learningRateScheduler: expected ${name} to be an integer >= ${min}, got ${String(value)}`,
    );
  }
}
