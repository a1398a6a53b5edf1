import { exampleSize, type ImageSet } from './image-set.js';
import { deriveSeed, permutation } from './random.js';

/** A mini-batch: `size` examples copied out of a set. */
export interface Batch {
  /** Pixel values of the batch's examples, `size * product(shape)` of them. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly size: number;
}

/** Options of {@link batchSampler}. */
export interface BatchSamplerOptions {
  /** Examples per batch, in `1 .. count`. */
  readonly batchSize: number;
  /** Seed of the data order; the same seed gives the same batches at every step. */
  readonly seed: number;
}

/** Training batches as a pure function of the step; see {@link batchSampler}. */
export interface BatchSampler {
  readonly batchSize: number;
  /** Full batches per epoch: `floor(count / batchSize)`. */
  readonly batchesPerEpoch: number;
  /** Example indices of the batch used at `step` (0-based optimizer update count). */
  indices(step: number): Uint32Array;
  /** The batch used at `step`. */
  batch(step: number): Batch;
}

/**
 * Shuffled training batches, reproducible from a seed and addressable by step, like a
 * schedule: epoch `e = floor(step / batchesPerEpoch)` visits the examples in a permutation
 * seeded by `(seed, e)`, `batchSize` at a time; the last partial batch of each epoch is dropped
 * so every update sees the same batch size. Two runs with the same seed see the same data in
 * the same order whatever else differs, and a resumed run at step N sees what it would have.
 *
 * @example
 * ```ts
 * import { batchSampler, loadFashionMnist } from '@cyclr/datasets';
 * const { train } = await loadFashionMnist();
 * const sampler = batchSampler(train, { batchSize: 128, seed: 0 });
 * const { images, labels } = sampler.batch(0); // 128 * 784 floats, 128 labels
 * ```
 */
export function batchSampler(set: ImageSet, options: BatchSamplerOptions): BatchSampler {
  const { batchSize, seed } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > set.count) {
    throw new RangeError(
      `batchSampler: expected batchSize to be an integer in [1, ${set.count}], got ${batchSize}`,
    );
  }
  const batchesPerEpoch = Math.floor(set.count / batchSize);
  const size = exampleSize(set);
  // Steps move forward one at a time, so keeping the latest epoch's order is enough.
  let cachedEpoch = -1;
  let cachedOrder: Uint32Array = new Uint32Array(0);

  const indices = (step: number): Uint32Array => {
    if (!Number.isInteger(step) || step < 0) {
      throw new RangeError(`batchSampler: expected step to be a non-negative integer, got ${step}`);
    }
    const epoch = Math.floor(step / batchesPerEpoch);
    if (epoch !== cachedEpoch) {
      cachedOrder = permutation(set.count, deriveSeed(seed, epoch));
      cachedEpoch = epoch;
    }
    const start = (step % batchesPerEpoch) * batchSize;
    return cachedOrder.slice(start, start + batchSize);
  };

  const batch = (step: number): Batch => {
    const chosen = indices(step);
    const images = new Float32Array(batchSize * size);
    const labels = new Uint8Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      const index = chosen[i] as number;
      images.set(set.images.subarray(index * size, (index + 1) * size), i * size);
      labels[i] = set.labels[index] as number;
    }
    return { images, labels, size: batchSize };
  };

  return { batchSize, batchesPerEpoch, indices, batch };
}

/**
 * The examples of `set` in order, `batchSize` at a time, the last batch possibly smaller: for
 * evaluation, where every example must be seen once. Batches are views, not copies.
 *
 * @example
 * ```ts
 * import { loadFashionMnist, sequentialBatches } from '@cyclr/datasets';
 * const { test } = await loadFashionMnist();
 * for (const { images, labels, size } of sequentialBatches(test, 500)) {
 *   // predict `size` examples
 * }
 * ```
 */
export function* sequentialBatches(set: ImageSet, batchSize: number): Generator<Batch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `sequentialBatches: expected batchSize to be a positive integer, got ${batchSize}`,
    );
  }
  const size = exampleSize(set);
  for (let start = 0; start < set.count; start += batchSize) {
    const end = Math.min(set.count, start + batchSize);
    yield {
      images: set.images.subarray(start * size, end * size),
      labels: set.labels.subarray(start, end),
      size: end - start,
    };
  }
}
