// Entry for browsers and workers: everything here runs without node:fs or node:zlib.
import { DatasetError } from './errors.js';
import { GZIP_MAGIC_0, GZIP_MAGIC_1, type IdxArray, parseIdx } from './idx-format.js';

export {
  type Batch,
  type BatchSampler,
  type BatchSamplerOptions,
  batchSampler,
  sequentialBatches,
} from './batches.js';
export { DatasetError } from './errors.js';
export { encodeIdx, type IdxArray, type IdxData, type IdxDtype, parseIdx } from './idx-format.js';
export { exampleSize, type ImageSet, selectExamples } from './image-set.js';
export { deriveSeed, permutation, type Random, seededRandom } from './random.js';
export {
  type SplitValidationOptions,
  splitValidation,
  type TrainValidationSplit,
} from './split.js';

/**
 * Decodes the bytes of an IDX file, gzipped or not (detected from the gzip magic bytes), with
 * the web platform's `DecompressionStream`: the browser counterpart of `readIdx`. Fetch the
 * shipped subset (`@cyclr/datasets/data/fashion-mnist-subset/*.gz`) and pass its bytes here.
 *
 * @param bytes - The file's bytes as fetched.
 * @param source - Name used in error messages (usually the URL).
 * @throws {@link DatasetError} naming `source` for a corrupt gzip stream or an invalid IDX file.
 *
 * @example
 * ```ts
 * import { decodeIdx } from '@cyclr/datasets/browser';
 * const response = await fetch(labelsUrl);
 * const labels = await decodeIdx(new Uint8Array(await response.arrayBuffer()), labelsUrl);
 * ```
 */
export async function decodeIdx(bytes: Uint8Array, source: string): Promise<IdxArray> {
  if (bytes[0] !== GZIP_MAGIC_0 || bytes[1] !== GZIP_MAGIC_1) return parseIdx(bytes, source);
  let inflated: Uint8Array;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    inflated = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new DatasetError(
      `decodeIdx: ${source} is a corrupt gzip file: ${(error as Error).message}`,
      source,
      { cause: error },
    );
  }
  return parseIdx(inflated, source);
}
