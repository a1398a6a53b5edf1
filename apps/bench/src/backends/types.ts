import type { RangeTestTrainer, Schedule } from '@cyclr/core';
import type { Batch, ImageSet } from '@cyclr/datasets';

/** Models the bench can train. */
export type ModelName = 'mlp' | 'cnn' | 'resnet';

/** Names of the backends `--backend` accepts. */
export type BackendName = 'onnxruntime' | 'tfjs';

/** What a backend needs to build a model. */
export interface CreateModelOptions {
  readonly model: ModelName;
  /** Seeds the initial weights (and dropout, if any): same seed, same initial model. */
  readonly seed: number;
  readonly batchSize: number;
  /** Shape of one example, e.g. [28, 28]. */
  readonly inputShape: readonly number[];
  readonly classCount: number;
  /** SGD momentum, for schedules that do not cycle it. */
  readonly momentum: number;
}

/** One run's training under its schedule. */
export interface ScheduledTraining {
  /** One optimizer update on `batch` at step `iteration` of the schedule; returns the batch loss. */
  step(batch: Batch, iteration: number): Promise<number>;
}

/** The range-test protocol of @cyclr/core, plus freeing what the test's snapshots hold. */
export interface BenchRangeTestTrainer extends RangeTestTrainer {
  dispose(): void;
}

/**
 * A model being trained with SGD with momentum. The bench owns the data order and hands each
 * backend the run's real schedule (a @cyclr/core Schedule from the run's spec), so every backend
 * runs the same protocol.
 */
export interface BenchModel {
  /**
   * Binds the run's schedule: every step's rate, and its momentum when the schedule cycles it
   * (otherwise the model's `momentum`).
   */
  train(schedule: Schedule): ScheduledTraining;
  /**
   * A trainer for the LR range test: `step(lr)` trains on `nextBatch()` at that rate (momentum
   * fixed), `snapshot`/`restore` undo steps exactly, `evaluate` is `evaluate`.
   */
  rangeTestTrainer(nextBatch: () => Batch, evaluate: () => Promise<number>): BenchRangeTestTrainer;
  /** Fraction of `set` classified correctly (top-1), in [0, 1]. */
  accuracy(set: ImageSet): Promise<number>;
  /** Frees native resources. */
  release(): Promise<void>;
}

/** A training framework the bench can drive. */
export interface Backend {
  /**
   * One line for the report: what runs the numbers, as it will run them (tfjs picks wasm and
   * falls back to cpu, so it is asked, not assumed).
   */
  describe(): Promise<string>;
  createModel(options: CreateModelOptions): Promise<BenchModel>;
  /** Frees anything shared between models. */
  dispose?(): Promise<void>;
}
