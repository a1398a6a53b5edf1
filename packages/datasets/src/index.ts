export {
  type Batch,
  type BatchSampler,
  type BatchSamplerOptions,
  batchSampler,
  sequentialBatches,
} from './batches.js';
export { DatasetError } from './errors.js';
export {
  fashionMnistClasses,
  fashionMnistSubsetDir,
  type LoadFashionMnistOptions,
  loadFashionMnist,
  type TrainTestSets,
} from './fashion-mnist.js';
export { encodeIdx, type IdxArray, type IdxData, type IdxDtype, parseIdx, readIdx } from './idx.js';
export { exampleSize, type ImageSet, selectExamples } from './image-set.js';
export { deriveSeed, permutation, type Random, seededRandom } from './random.js';
export {
  type SplitValidationOptions,
  splitValidation,
  type TrainValidationSplit,
} from './split.js';
