import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError } from './errors.js';
import { type IdxArray, readIdx } from './idx.js';
import type { ImageSet } from './image-set.js';

/**
 * Directory of the Fashion-MNIST subset that ships with this package: 12,000 training and
 * 2,000 test images, equal numbers per class, drawn with a fixed seed from the full set
 * (Zalando Research, MIT licence; see `data/fashion-mnist-subset/LICENSE`).
 */
export const fashionMnistSubsetDir: string = fileURLToPath(
  new URL('../data/fashion-mnist-subset/', import.meta.url),
);

/** Names of the ten Fashion-MNIST classes, by label. */
export const fashionMnistClasses: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** The four standard MNIST-style file names, without `.gz`. */
const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Options of {@link loadFashionMnist}. */
export interface LoadFashionMnistOptions {
  /**
   * Directory holding the four standard IDX files (`train-images-idx3-ubyte`,
   * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`), each
   * gzipped (`.gz`) or not. Default: the subset shipped with this package
   * ({@link fashionMnistSubsetDir}). Debian's `dataset-fashion-mnist` installs the full set in
   * `/usr/share/datasets/fashion-mnist`.
   */
  readonly dir?: string;
}

/** Training and test sets of an MNIST-style dataset. */
export interface TrainTestSets {
  readonly train: ImageSet;
  readonly test: ImageSet;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Finds `<name>.gz` or `<name>` in `dir`. */
async function locate(dir: string, name: string): Promise<string> {
  for (const candidate of [`${name}.gz`, name]) {
    const path = join(dir, candidate);
    if (await exists(path)) return path;
  }
  throw new DatasetError(
    `loadFashionMnist: missing ${name}(.gz) in ${dir}: expected the four standard IDX files ${Object.values(FILES).join(', ')} (gzipped or not)`,
    join(dir, name),
  );
}

function toImageSet(images: IdxArray, labels: IdxArray, imagesPath: string, labelsPath: string) {
  if (images.dtype !== 'uint8' || images.dims.length !== 3) {
    throw new DatasetError(
      `loadFashionMnist: expected ${imagesPath} to hold uint8 images of rank 3 [count, rows, cols], got ${images.dtype} of rank ${images.dims.length} [${images.dims.join(', ')}]`,
      imagesPath,
    );
  }
  if (labels.dtype !== 'uint8' || labels.dims.length !== 1) {
    throw new DatasetError(
      `loadFashionMnist: expected ${labelsPath} to hold uint8 labels of rank 1 [count], got ${labels.dtype} of rank ${labels.dims.length} [${labels.dims.join(', ')}]`,
      labelsPath,
    );
  }
  const [count, rows, cols] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw new DatasetError(
      `loadFashionMnist: expected ${labelsPath} to hold ${count} labels (one per image in ${imagesPath}), got ${labels.dims[0]}`,
      labelsPath,
    );
  }
  const classCount = fashionMnistClasses.length;
  const labelBytes = labels.data as Uint8Array;
  for (let i = 0; i < count; i++) {
    if ((labelBytes[i] as number) >= classCount) {
      throw new DatasetError(
        `loadFashionMnist: expected labels in ${labelsPath} to be in [0, ${classCount}), got ${labelBytes[i]} at index ${i}`,
        labelsPath,
      );
    }
  }
  const pixels = images.data as Uint8Array;
  const normalized = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) normalized[i] = (pixels[i] as number) / 255;
  return {
    images: normalized,
    labels: labelBytes,
    count,
    shape: [rows, cols],
    classCount,
  } satisfies ImageSet;
}

/**
 * Loads Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from the four standard IDX files:
 * pixels scaled to [0, 1] as float32, labels as uint8. With no `dir`, loads the subset that
 * ships with this package, so nothing is downloaded.
 *
 * @throws {@link DatasetError} naming the file when one is missing, corrupt, of the wrong shape,
 *   or when image and label counts disagree.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from '@cyclr/datasets';
 * const { train, test } = await loadFashionMnist();
 * console.log(train.count, test.count, train.shape); // 12000 2000 [28, 28]
 * const full = await loadFashionMnist({ dir: '/usr/share/datasets/fashion-mnist' });
 * ```
 */
export async function loadFashionMnist(
  options: LoadFashionMnistOptions = {},
): Promise<TrainTestSets> {
  const dir = options.dir ?? fashionMnistSubsetDir;
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TypeError(
      `loadFashionMnist: expected dir to be a directory path, got ${String(dir)}`,
    );
  }
  if (!(await exists(dir))) {
    throw new DatasetError(`loadFashionMnist: directory ${dir} does not exist`, dir);
  }
  const [trainImagesPath, trainLabelsPath, testImagesPath, testLabelsPath] = await Promise.all([
    locate(dir, FILES.trainImages),
    locate(dir, FILES.trainLabels),
    locate(dir, FILES.testImages),
    locate(dir, FILES.testLabels),
  ]);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readIdx(trainImagesPath),
    readIdx(trainLabelsPath),
    readIdx(testImagesPath),
    readIdx(testLabelsPath),
  ]);
  return {
    train: toImageSet(trainImages, trainLabels, trainImagesPath, trainLabelsPath),
    test: toImageSet(testImages, testLabels, testImagesPath, testLabelsPath),
  };
}
