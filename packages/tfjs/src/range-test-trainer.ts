import type { RangeTestTrainer } from '@cyclr/core/trainer';
import { keep, slice } from '@tensorflow/tfjs-core';
import {
  captureOptimizerState,
  disposeOptimizerState,
  type OptimizerState,
  restoreOptimizerState,
} from './optimizer-state.js';
import { hyperParamWriter } from './optimizers.js';
import { rejectUnknownKeys } from './option-keys.js';
import type { LayersModelLike, TensorLike } from './tfjs-types.js';

/** One training batch: inputs and targets, as `model.trainOnBatch` takes them. */
export interface Batch {
  xs: TensorLike | TensorLike[] | Record<string, TensorLike>;
  ys: TensorLike | TensorLike[] | Record<string, TensorLike>;
}

/** In-memory training data, cut into consecutive batches of `batchSize` rows (wrapping around). */
export interface TensorBatches {
  xs: TensorLike;
  ys: TensorLike;
  batchSize: number;
}

/**
 * A `tf.data.Dataset` of `{xs, ys}` batches (any copy of tfjs); restarted when exhausted.
 * Typed loosely because tfjs types most datasets as `Dataset<TensorContainer>`; each element
 * is checked to be `{xs, ys}` when read.
 */
export interface DatasetLike {
  iterator(): Promise<{ next(): Promise<IteratorResult<unknown>> }>;
}

/** Options of {@link rangeTestTrainer}. */
export interface RangeTestTrainerArgs {
  /**
   * Validation data for `evaluate()`: it returns the model's first compiled metric (e.g.
   * accuracy) on it, or the loss when the model has no metrics. Ignored when `evaluate` is given.
   */
  validationData?: [TensorLike, TensorLike];
  /** Custom validation metric for Smith's accuracy-based range test. */
  evaluate?: () => number | Promise<number>;
}

/** {@link RangeTestTrainer} for a tfjs model, plus `dispose()` for the snapshots it holds. */
export interface TfjsRangeTestTrainer extends RangeTestTrainer {
  step(lr: number): Promise<number>;
  snapshot(): Promise<TrainerSnapshot>;
  restore(state: unknown): Promise<void>;
  /** Frees every snapshot this trainer took (their tensors). */
  dispose(): void;
}

/** Model weights and the optimizer's full state, as copies. */
export interface TrainerSnapshot {
  readonly weights: readonly TensorLike[];
  readonly optimizer: OptimizerState;
}

/**
 * The range-test trainer protocol of `@cyclr/core` for a compiled tfjs `LayersModel`:
 * `step(lr)` trains one batch at that rate and returns its loss; `snapshot()` / `restore()`
 * copy and put back the model weights and the optimizer state exactly (slot variables,
 * iteration counters, Adam's beta powers, lr and momentum fields), for every tfjs optimizer.
 * Momentum / beta1 stay at the optimizer's own value during the test.
 *
 * @param model - a compiled `tf.LayersModel`.
 * @param data - `{xs, ys, batchSize}` tensors, or a `tf.data.Dataset` of `{xs, ys}` batches.
 *   Batches the trainer cuts or reads are disposed after their step.
 *
 * @example
 * ```ts
 * import { rangeTest } from '@cyclr/rangefinder';
 * import { rangeTestTrainer } from '@cyclr/tfjs';
 *
 * const trainer = rangeTestTrainer(model, { xs, ys, batchSize: 128 });
 * const result = await rangeTest(trainer, { startLr: 1e-5, endLr: 1, steps: 100 });
 * trainer.dispose();
 * ```
 */
export function rangeTestTrainer(
  model: LayersModelLike,
  data: TensorBatches | DatasetLike,
  args: RangeTestTrainerArgs = {},
): TfjsRangeTestTrainer {
  if (typeof model !== 'object' || model === null || typeof model.trainOnBatch !== 'function') {
    throw new TypeError(
      `rangeTestTrainer: expected model to be a compiled tf.LayersModel, got ${String(model)}`,
    );
  }
  if (typeof args !== 'object' || args === null) {
    throw new TypeError(`rangeTestTrainer: expected args to be an object, got ${String(args)}`);
  }
  rejectUnknownKeys('rangeTestTrainer', args, [
    'validationData',
    'evaluate',
  ] satisfies (keyof RangeTestTrainerArgs)[]);
  const writer = hyperParamWriter('rangeTestTrainer', model.optimizer);
  const nextBatch = batchSource(data);
  const snapshots = new Set<TrainerSnapshot>();

  const evaluate =
    args.evaluate ??
    (args.validationData
      ? async () => {
          const [xs, ys] = args.validationData as [TensorLike, TensorLike];
          const out = model.evaluate(xs, ys) as TensorLike | TensorLike[];
          const all = Array.isArray(out) ? out : [out];
          const chosen = (all.length > 1 ? all[1] : all[0]) as TensorLike & {
            data(): Promise<ArrayLike<number>>;
          };
          const value = (await chosen.data())[0] as number;
          for (const t of all) t.dispose();
          return value;
        }
      : undefined);

  const trainer: TfjsRangeTestTrainer = {
    async step(lr: number): Promise<number> {
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
        throw new RangeError(
          `rangeTestTrainer.step: expected lr to be a finite number >= 0, got ${String(lr)}`,
        );
      }
      writer.setLearningRate(lr);
      const { batch, owned } = await nextBatch.next();
      try {
        const out = await model.trainOnBatch(batch.xs, batch.ys);
        return Array.isArray(out) ? (out[0] as number) : out;
      } finally {
        if (owned) disposeBatch(batch);
      }
    },
    async snapshot(): Promise<TrainerSnapshot> {
      const weights = model
        .getWeights()
        .map((w) => keep((w as TensorLike & { clone(): TensorLike }).clone() as never));
      const state: TrainerSnapshot = {
        weights,
        optimizer: captureOptimizerState(model.optimizer),
      };
      snapshots.add(state);
      return state;
    },
    async restore(state: unknown): Promise<void> {
      if (!snapshots.has(state as TrainerSnapshot)) {
        throw new TypeError(
          'rangeTestTrainer.restore: expected a snapshot taken by this trainer and not yet disposed, got another value',
        );
      }
      const snapshot = state as TrainerSnapshot;
      model.setWeights(snapshot.weights as never[]);
      restoreOptimizerState(model.optimizer, snapshot.optimizer);
    },
    dispose() {
      for (const snapshot of snapshots) {
        for (const w of snapshot.weights) w.dispose();
        disposeOptimizerState(snapshot.optimizer);
      }
      snapshots.clear();
    },
  };
  if (evaluate) trainer.evaluate = evaluate;
  return trainer;
}

interface BatchSource {
  next(): Promise<{ batch: Batch; owned: boolean }>;
}

function batchSource(data: TensorBatches | DatasetLike): BatchSource {
  if (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as DatasetLike).iterator === 'function'
  ) {
    return datasetSource(data as DatasetLike);
  }
  const { xs, ys, batchSize } = (data ?? {}) as Partial<TensorBatches>;
  if (!xs || !ys || !Array.isArray(xs.shape) || !Array.isArray(ys.shape)) {
    throw new TypeError(
      'rangeTestTrainer: expected data to be {xs, ys, batchSize} tensors or a tf.data.Dataset of {xs, ys}, got another value',
    );
  }
  const rows = xs.shape[0] ?? 0;
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `rangeTestTrainer: expected batchSize to be a positive integer, got ${String(batchSize)}`,
    );
  }
  if (rows < 1 || ys.shape[0] !== rows) {
    throw new RangeError(
      `rangeTestTrainer: expected xs and ys to have the same number of rows (>= 1), got ${rows} and ${ys.shape[0]}`,
    );
  }
  let start = 0;
  return {
    async next() {
      const size = Math.min(batchSize, rows - start);
      const batch = {
        xs: slice(xs as never, start, size) as unknown as TensorLike,
        ys: slice(ys as never, start, size) as unknown as TensorLike,
      };
      start = start + size >= rows ? 0 : start + size;
      return { batch, owned: true };
    },
  };
}

function datasetSource(dataset: DatasetLike): BatchSource {
  let iterator: { next(): Promise<IteratorResult<unknown>> } | undefined;
  return {
    async next() {
      iterator ??= await dataset.iterator();
      let result = await iterator.next();
      if (result.done) {
        iterator = await dataset.iterator();
        result = await iterator.next();
        if (result.done) {
          throw new RangeError('rangeTestTrainer: expected the dataset to yield batches, got none');
        }
      }
      const batch = result.value as Partial<Batch> | null;
      if (typeof batch !== 'object' || batch === null || !batch.xs || !batch.ys) {
        throw new TypeError(
          'rangeTestTrainer: expected the dataset to yield {xs, ys} batches, got another value',
        );
      }
      return { batch: batch as Batch, owned: true };
    },
  };
}

function disposeBatch(batch: Batch) {
  for (const part of [batch.xs, batch.ys]) {
    if (Array.isArray(part)) for (const t of part) t.dispose();
    else if (typeof (part as TensorLike).dispose === 'function') (part as TensorLike).dispose();
    else for (const t of Object.values(part as Record<string, TensorLike>)) t.dispose();
  }
}
