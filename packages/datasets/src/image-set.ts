/**
 * Labelled images in memory: `images` holds `count` examples of `shape` one after another,
 * row-major, as float32 in [0, 1] (byte value / 255); `labels[i]` is the class of example `i`.
 */
export interface ImageSet {
  /** Pixel values in [0, 1], `count * product(shape)` of them, example after example. */
  readonly images: Float32Array;
  /** Class index of each example, in `0 .. classCount-1`. */
  readonly labels: Uint8Array;
  /** Number of examples. */
  readonly count: number;
  /** Shape of one example, e.g. `[28, 28]` for Fashion-MNIST. */
  readonly shape: readonly number[];
  /** Number of classes. */
  readonly classCount: number;
}

/** Number of values in one example of `set`. */
export function exampleSize(set: Pick<ImageSet, 'shape'>): number {
  return set.shape.reduce((product, dim) => product * dim, 1);
}

/**
 * The examples of `set` at `indices`, in that order, as a new set (values are copied).
 *
 * @example
 * ```ts
 * import { loadFashionMnist, selectExamples } from '@cyclr/datasets';
 * const { test } = await loadFashionMnist();
 * const firstTen = selectExamples(test, Array.from({ length: 10 }, (_, i) => i));
 * firstTen.count; // 10
 * ```
 */
export function selectExamples(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const size = exampleSize(set);
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    if (!Number.isInteger(index) || index < 0 || index >= set.count) {
      throw new RangeError(
        `selectExamples: expected indices to be integers in [0, ${set.count}), got ${index} at position ${i}`,
      );
    }
    images.set(set.images.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = set.labels[index] as number;
  }
  return { images, labels, count: indices.length, shape: set.shape, classCount: set.classCount };
}
