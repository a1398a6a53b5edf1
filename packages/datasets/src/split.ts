import { type ImageSet, selectExamples } from './image-set.js';
import { deriveSeed, permutation } from './random.js';

/** Options of {@link splitValidation}. */
export interface SplitValidationOptions {
  /** Number of examples to hold out, in `1 .. count-1`. */
  readonly size: number;
  /** Seed of the draw; the same seed gives the same split. */
  readonly seed: number;
}

/** A training set and the validation set carved from it (disjoint; together the original). */
export interface TrainValidationSplit {
  readonly train: ImageSet;
  readonly validation: ImageSet;
}

/**
 * Carves a validation set out of a training set, stratified: each class keeps its share
 * (class count x size / total, rounded by largest remainder so the sizes add up to `size`).
 * Tune hyper-parameters on `validation` and never on the test set.
 *
 * @example
 * ```ts
 * import { loadFashionMnist, splitValidation } from '@cyclr/datasets';
 * const { train: full } = await loadFashionMnist();
 * const { train, validation } = splitValidation(full, { size: 2000, seed: 0 });
 * console.log(train.count, validation.count); // 10000 2000
 * ```
 */
export function splitValidation(
  set: ImageSet,
  options: SplitValidationOptions,
): TrainValidationSplit {
  const { size, seed } = options;
  if (!Number.isInteger(size) || size < 1 || size >= set.count) {
    throw new RangeError(
      `splitValidation: expected size to be an integer in [1, ${set.count - 1}], got ${size}`,
    );
  }
  const byClass: number[][] = Array.from({ length: set.classCount }, () => []);
  const order = permutation(set.count, deriveSeed(seed, 0));
  for (const index of order) byClass[set.labels[index] as number]?.push(index);

  const exact = byClass.map((members) => (members.length * size) / set.count);
  const quota = exact.map(Math.floor);
  let missing = size - quota.reduce((sum, value) => sum + value, 0);
  const byRemainder = exact
    .map((value, label) => ({ label, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.label - b.label);
  for (const { label } of byRemainder) {
    if (missing === 0) break;
    quota[label] = (quota[label] as number) + 1;
    missing--;
  }

  const held = new Uint8Array(set.count);
  byClass.forEach((members, label) => {
    for (const index of members.slice(0, quota[label])) held[index] = 1;
  });
  const trainIndices: number[] = [];
  const validationIndices: number[] = [];
  for (let index = 0; index < set.count; index++) {
    (held[index] ? validationIndices : trainIndices).push(index);
  }
  return {
    train: selectExamples(set, trainIndices),
    validation: selectExamples(set, validationIndices),
  };
}
