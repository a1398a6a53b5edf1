import type { PolicySpec, Schedule } from '@cyclr/core';
import type { InferenceSession } from 'onnxruntime-common';
import { loadForwardModel } from '../graph/decode.js';
import type { ForwardGraph } from '../graph/types.js';
import type { Sequential } from '../layers/sequential.js';
import type { LossOptions, TrainingLabels } from '../losses/types.js';
import type { ParamSelector } from '../optimizers/param-selector.js';
import type { OptimizerOptions } from '../optimizers/types.js';
import type { BatchInputs } from './feeds.js';
import type { OrtRuntime } from './runtime.js';
import type { HyperParameterSchedules, TrainerPlateauOptions } from './scheduled-inputs.js';

/** A model the trainer accepts: a layer stack, a forward graph, or a forward ONNX model's bytes. */
export type TrainableModel = Sequential | ForwardGraph | Uint8Array;

/** Options of {@link OnnxTrainer.create}; `L` is the `loss` option's type. */
export interface OnnxTrainerOptions<L extends LossOptions = 'softmaxCrossEntropy'> {
  /** The model: `sequential(...)` (built with `seed`), a {@link ForwardGraph}, or forward ONNX bytes. */
  readonly model: TrainableModel;
  /** The in-graph optimizer: `{ type: 'sgd', momentum, nesterov, weightDecay }` or `{ type: 'adam' | 'adamw', ... }`. */
  readonly optimizer: OptimizerOptions;
  /**
   * The loss (README "Losses"): `'softmaxCrossEntropy'` (default; `{ type, labelSmoothing }`
   * for PyTorch's label smoothing), `'mse'` or `'binaryCrossEntropyWithLogits'` (float32
   * targets shaped like the output). It decides `step`'s labels and `evaluate`'s metrics.
   */
  readonly loss?: L;
  /** The learning-rate (and momentum/beta1) schedule: a `Schedule` or a JSON `PolicySpec`. */
  readonly schedule: Schedule | PolicySpec;
  /** Rows per step (per micro-batch with `gradientAccumulationSteps`); when set, `step()` throws on batches of another size. Default: any size. */
  readonly batchSize?: number;
  /** Seed of weight init (for `sequential`) and dropout masks. Default 0. */
  readonly seed?: number;
  /** onnxruntime session options, merged over the defaults: graphOptimizationLevel 'all', intraOpNumThreads 1, executionMode 'sequential'. */
  readonly sessionOptions?: InferenceSession.SessionOptions;
  /**
   * Schedules for the optimizer's other hyper-parameters, each fed as a scalar graph input:
   * `weightDecay` (sgd, adam, adamw; the graph input `weight_decay`) and `beta2` (adam, adamw).
   * A value here replaces the fixed one in `optimizer`. Default: none (those stay constants).
   */
  readonly hyperParameters?: HyperParameterSchedules;
  /**
   * Reduce the rate when the monitored evaluation stops improving: PyTorch's ReduceLROnPlateau
   * over the schedule (`reduceLrOnPlateau` of `@cyclr/core`). Report with
   * `evaluate(x, y, { report: true })` (e.g. on the validation set after each epoch).
   */
  readonly plateau?: TrainerPlateauOptions;
  /** On a NaN/inf loss, also go back to the parameters of the last finite step. Default false (stay at the step's parameters; its update is never applied). */
  readonly restoreOnNonFiniteLoss?: boolean;
  /**
   * Parameters to keep fixed (fine-tune the head of a loaded model): they become constants of
   * the train-step graph, get no update and no optimizer state, and keep their values in
   * `parameters()`, checkpoints and the exported model. See {@link ParamSelector}; an entry that
   * matches nothing, or freezing every parameter, is an error. Default: none.
   */
  readonly freeze?: ParamSelector;
  /**
   * Gradient accumulation over k micro-batches (Keras 3's and HF Accelerate's
   * `gradient_accumulation_steps`): each `step()` consumes one micro-batch, and every k-th applies
   * one optimizer update from the mean of the k gradients, as PyTorch's `(loss / k).backward()`
   * k times, then `optimizer.step()`. The schedule counts updates. Default 1 (no accumulation:
   * the single train-step graph).
   */
  readonly gradientAccumulationSteps?: number;
  /**
   * The onnxruntime package to run the graphs on, e.g. `import * as ort from 'onnxruntime-web/webgpu'`.
   * Default: onnxruntime-node from `@cyclr/onnxruntime`, onnxruntime-web from `@cyclr/onnxruntime/web`.
   */
  readonly runtime?: OrtRuntime;
}

/** Keys of {@link OnnxTrainerOptions}. */
export const TRAINER_OPTION_KEYS = [
  'model',
  'optimizer',
  'loss',
  'schedule',
  'batchSize',
  'seed',
  'sessionOptions',
  'hyperParameters',
  'plateau',
  'restoreOnNonFiniteLoss',
  'freeze',
  'gradientAccumulationSteps',
  'runtime',
] as const;

/** What {@link OnnxTrainer.load} may change of a saved trainer (the rest must stay for an exact resume). */
export interface LoadOverrides {
  /** Replaces the saved schedule (required when it was made by `fromFunction`). */
  readonly schedule?: Schedule | PolicySpec;
  /**
   * Replaces saved `hyperParameters` schedules, by name (required for one made by
   * `fromFunction`); a name the checkpoint does not schedule is added, as in `create`.
   */
  readonly hyperParameters?: HyperParameterSchedules;
  readonly sessionOptions?: InferenceSession.SessionOptions;
  readonly batchSize?: number;
  readonly restoreOnNonFiniteLoss?: boolean;
  /** The onnxruntime package to resume on (a checkpoint does not depend on the runtime that wrote it). */
  readonly runtime?: OrtRuntime;
}

export const LOAD_OVERRIDE_KEYS = [
  'schedule',
  'hyperParameters',
  'sessionOptions',
  'batchSize',
  'restoreOnNonFiniteLoss',
  'runtime',
] as const;

/** Options of {@link OnnxTrainer.evaluate}. */
export interface EvaluateOptions {
  /** Rows per forward run. Default 1024. */
  readonly batchSize?: number;
  /** Report this evaluation's monitored metric to the plateau (`plateau` option). Default false. */
  readonly report?: boolean;
}

export type { Evaluation, RegressionEvaluation } from '../losses/types.js';

/** Options of {@link OnnxTrainer.asRangeTestTrainer}; `Labels` is what the trainer's loss takes. */
export interface RangeTestSource<
  Labels extends TrainingLabels = Int32Array | Uint8Array | BigInt64Array,
> {
  /** The next training batch (called once per range-test step). */
  nextBatch(): {
    readonly inputs: BatchInputs;
    readonly labels: Labels;
  };
  /** Optional validation metric for accuracy-based range tests. */
  evaluate?(): number | Promise<number>;
}

export const DEFAULT_SESSION_OPTIONS: InferenceSession.SessionOptions = {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  // Warnings (e.g. about initializers folded away) are noise for users; errors still throw.
  logSeverityLevel: 3,
};

function isSequential(model: TrainableModel): model is Sequential {
  return typeof (model as Sequential).build === 'function';
}

export function resolveModel(model: TrainableModel, seed: number): ForwardGraph {
  if (model instanceof Uint8Array) return loadForwardModel(model);
  if (model && isSequential(model)) return model.build(seed);
  if (model && Array.isArray((model as ForwardGraph).nodes)) return model as ForwardGraph;
  throw new TypeError(
    'OnnxTrainer.create: expected model to be sequential(...), a ForwardGraph or ONNX model bytes',
  );
}
