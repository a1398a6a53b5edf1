import type { Batch, ImageSet } from '@cyclr/datasets';

/** Models the bench can train. */
export type ModelName = 'mlp' | 'cnn';

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
}

/**
 * A model being trained with SGD with momentum. The bench owns the schedule and the data order:
 * it asks for one update at a time with the batch, rate and momentum of that step, so every
 * backend runs the same protocol.
 */
export interface BenchModel {
  /** One optimizer update on `batch` with this rate and momentum; returns the batch loss. */
  step(batch: Batch, lr: number, momentum: number): Promise<number>;
  /** Fraction of `set` classified correctly (top-1), in [0, 1]. */
  accuracy(set: ImageSet): Promise<number>;
  /** Weights and optimizer state, for the range test to undo itself. */
  snapshot(): Promise<unknown>;
  /** Puts back a state taken by {@link BenchModel.snapshot}, exactly. */
  restore(state: unknown): Promise<void>;
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
