import type { PolicySpec, Schedule } from '@cyclr/core';
import type { InferenceSession } from 'onnxruntime-common';
import { loadForwardModel } from '../graph/decode.js';
import type { ForwardGraph } from '../graph/types.js';
import type { Sequential } from '../layers/sequential.js';
import type { OptimizerOptions } from '../optimizers/types.js';
import type { BatchInputs } from './feeds.js';
import type { OrtRuntime } from './runtime.js';
import type { HyperParameterSchedules, TrainerPlateauOptions } from './scheduled-inputs.js';

/** A model the trainer accepts: a layer stack, a forward graph, or a forward ONNX model's bytes. */
export type TrainableModel = Sequential | ForwardGraph | Uint8Array;

/** Options of {@link OnnxTrainer.create}. */
export interface OnnxTrainerOptions {
  /** The model: `sequential(...)` (built with `seed`), a {@link ForwardGraph}, or forward ONNX bytes. */
  readonly model: TrainableModel;
  /** The in-graph optimizer: `{ type: 'sgd', momentum, nesterov, weightDecay }` or `{ type: 'adam' | 'adamw', ... }`. */
  readonly optimizer: OptimizerOptions;
  /** The learning-rate (and momentum/beta1) schedule: a `Schedule` or a JSON `PolicySpec`. */
  readonly schedule: Schedule | PolicySpec;
  /** Rows per step; when set, `step()` throws on batches of another size. Default: any size. */
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
   * The onnxruntime package to run the graphs on, e.g. `import * as ort from 'onnxruntime-web/webgpu'`.
   * Default: onnxruntime-node from `@cyclr/onnxruntime`, onnxruntime-web from `@cyclr/onnxruntime/web`.
   */
  readonly runtime?: OrtRuntime;
}

/** Keys of {@link OnnxTrainerOptions}. */
export const TRAINER_OPTION_KEYS = [
  'model',
  'optimizer',
  'schedule',
  'batchSize',
  'seed',
  'sessionOptions',
  'hyperParameters',
  'plateau',
  'restoreOnNonFiniteLoss',
  'runtime',
] as const;

/** What {@link OnnxTrainer.load} may change of a saved trainer (the rest must stay for an exact resume). */
export interface LoadOverrides {
  /** Replaces the saved schedule (required when it was made by `fromFunction`). */
  readonly schedule?: Schedule | PolicySpec;
  readonly sessionOptions?: InferenceSession.SessionOptions;
  readonly batchSize?: number;
  readonly restoreOnNonFiniteLoss?: boolean;
  /** The onnxruntime package to resume on (a checkpoint does not depend on the runtime that wrote it). */
  readonly runtime?: OrtRuntime;
}

export const LOAD_OVERRIDE_KEYS = [
  'schedule',
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

/** Result of {@link OnnxTrainer.evaluate}. */
export interface Evaluation {
  /** Mean softmax cross-entropy over all rows. */
  readonly loss: number;
  /** Fraction of rows whose largest logit is the label. */
  readonly accuracy: number;
}

/** Options of {@link OnnxTrainer.asRangeTestTrainer}. */
export interface RangeTestSource {
  /** The next training batch (called once per range-test step). */
  nextBatch(): {
    readonly inputs: BatchInputs;
    readonly labels: Int32Array | Uint8Array | BigInt64Array;
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
