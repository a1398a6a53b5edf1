import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetError,
  encodeIdx,
  fashionMnistSubsetDir,
  loadFashionMnist,
  type TrainTestSets,
} from '../index.js';

const NAMES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

/** Writes a tiny MNIST-style dataset (2 train, 1 test image of 2x3) and returns its dir. */
async function tinyDataset(
  dir: string,
  { gzip, labels = Uint8Array.of(3, 9) }: { gzip: boolean; labels?: Uint8Array },
) {
  const files: Record<string, Uint8Array> = {
    'train-images-idx3-ubyte': encodeIdx({
      dtype: 'uint8',
      dims: [2, 2, 3],
      data: Uint8Array.from({ length: 12 }, (_, i) => i * 20),
    }),
    'train-labels-idx1-ubyte': encodeIdx({ dtype: 'uint8', dims: [labels.length], data: labels }),
    't10k-images-idx3-ubyte': encodeIdx({
      dtype: 'uint8',
      dims: [1, 2, 3],
      data: new Uint8Array(6).fill(255),
    }),
    't10k-labels-idx1-ubyte': encodeIdx({ dtype: 'uint8', dims: [1], data: Uint8Array.of(0) }),
  };
  for (const [name, bytes] of Object.entries(files)) {
    await writeFile(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  }
  return dir;
}

let root: string;
let subset: TrainTestSets;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cyclr-fmnist-'));
  subset = await loadFashionMnist();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadFashionMnist on the shipped subset', () => {
  it('has 12,000 train and 2,000 test images of 28x28, balanced classes', () => {
    expect(subset.train.count).toBe(12000);
    expect(subset.test.count).toBe(2000);
    expect(subset.train.shape).toEqual([28, 28]);
    expect(subset.train.images.length).toBe(12000 * 784);
    expect(subset.train.classCount).toBe(10);
    const perClass = new Array(10).fill(0);
    for (const label of subset.train.labels) perClass[label]++;
    expect(perClass).toEqual(new Array(10).fill(1200));
  });

  it('scales pixels to [0, 1]', () => {
    let min = 1;
    let max = 0;
    for (const value of subset.test.images) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
  });

  it('is the default directory', () => {
    expect(fashionMnistSubsetDir).toMatch(/data[/\\]fashion-mnist-subset[/\\]?$/);
  });
});

describe('loadFashionMnist on a given directory', () => {
  it('reads gzipped and plain files, with byte / 255 pixels', async () => {
    for (const gzip of [true, false]) {
      const dir = await mkdtemp(join(root, 'ok-'));
      const { train, test } = await loadFashionMnist({ dir: await tinyDataset(dir, { gzip }) });
      expect(train.count).toBe(2);
      expect(train.shape).toEqual([2, 3]);
      expect(Array.from(train.labels)).toEqual([3, 9]);
      expect(train.images[1]).toBeCloseTo(20 / 255, 7);
      expect(Array.from(test.images)).toEqual(new Array(6).fill(1));
    }
  });

  it('names the missing file and the directory', async () => {
    const dir = await mkdtemp(join(root, 'missing-'));
    await copyFile(
      join(fashionMnistSubsetDir, 't10k-labels-idx1-ubyte.gz'),
      join(dir, 't10k-labels-idx1-ubyte.gz'),
    );
    await expect(loadFashionMnist({ dir })).rejects.toThrow(
      new RegExp(
        `missing (train-images-idx3-ubyte|train-labels-idx1-ubyte|t10k-images-idx3-ubyte)\\(\\.gz\\) in ${dir}`,
      ),
    );
    await expect(loadFashionMnist({ dir: join(root, 'no-such-dir') })).rejects.toThrow(
      /directory .*no-such-dir does not exist/,
    );
  });

  it('rejects mismatched counts and out-of-range labels, naming the labels file', async () => {
    const mismatch = await tinyDataset(await mkdtemp(join(root, 'count-')), {
      gzip: true,
      labels: Uint8Array.of(1, 2, 3),
    });
    await expect(loadFashionMnist({ dir: mismatch })).rejects.toThrow(
      /train-labels-idx1-ubyte\.gz to hold 2 labels .* got 3/,
    );
    const badLabel = await tinyDataset(await mkdtemp(join(root, 'label-')), {
      gzip: false,
      labels: Uint8Array.of(1, 10),
    });
    await expect(loadFashionMnist({ dir: badLabel })).rejects.toThrow(
      /labels in .*train-labels-idx1-ubyte to be in \[0, 10\), got 10 at index 1/,
    );
  });

  it('rejects images and labels swapped, and corrupt files, with DatasetError', async () => {
    const dir = await tinyDataset(await mkdtemp(join(root, 'swap-')), { gzip: false });
    const labels = encodeIdx({ dtype: 'uint8', dims: [1], data: Uint8Array.of(0) });
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), labels);
    await expect(loadFashionMnist({ dir })).rejects.toThrow(
      /t10k-images-idx3-ubyte to hold uint8 images of rank 3 .* got uint8 of rank 1/,
    );
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), Uint8Array.of(0x1f, 0x8b, 1, 2, 3));
    await expect(loadFashionMnist({ dir })).rejects.toBeInstanceOf(DatasetError);
  });

  it('has all four standard names in the shipped directory', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(fashionMnistSubsetDir);
    for (const name of NAMES) expect(files).toContain(`${name}.gz`);
  });
});
