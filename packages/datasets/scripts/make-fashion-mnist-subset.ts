/**
 * Builds the Fashion-MNIST subset committed in data/fashion-mnist-subset/ from the full set
 * (Debian's dataset-fashion-mnist package: /usr/share/datasets/fashion-mnist/).
 *
 *   pnpm --filter @cyclr/datasets make-subset [sourceDir]
 *
 * Stratified: the same number of examples of every class, drawn with a fixed seed, kept in the
 * original order. The output is byte-for-byte reproducible (gzip level 9, no timestamps).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fashionMnistSubsetDir } from '../src/fashion-mnist.js';
import { deriveSeed, encodeIdx, permutation, readIdx } from '../src/index.js';

const SOURCE = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const SEED = 20171003;
const PER_CLASS = { train: 1200, t10k: 200 } as const;

for (const [split, perClass] of Object.entries(PER_CLASS)) {
  const images = await readIdx(join(SOURCE, `${split}-images-idx3-ubyte.gz`));
  const labels = await readIdx(join(SOURCE, `${split}-labels-idx1-ubyte.gz`));
  const [count, rows, cols] = images.dims as [number, number, number];
  const pixels = rows * cols;
  const taken = new Array<number>(10).fill(0);
  const chosen: number[] = [];
  for (const index of permutation(count, deriveSeed(SEED, split === 'train' ? 0 : 1))) {
    const label = labels.data[index] as number;
    if ((taken[label] as number) < perClass) {
      taken[label] = (taken[label] as number) + 1;
      chosen.push(index);
    }
  }
  chosen.sort((a, b) => a - b);
  const subsetImages = new Uint8Array(chosen.length * pixels);
  const subsetLabels = new Uint8Array(chosen.length);
  chosen.forEach((index, i) => {
    subsetImages.set(
      (images.data as Uint8Array).subarray(index * pixels, (index + 1) * pixels),
      i * pixels,
    );
    subsetLabels[i] = labels.data[index] as number;
  });
  const write = (name: string, bytes: Uint8Array) =>
    writeFile(join(fashionMnistSubsetDir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  await write(
    `${split}-images-idx3-ubyte`,
    encodeIdx({ dtype: 'uint8', dims: [chosen.length, rows, cols], data: subsetImages }),
  );
  await write(
    `${split}-labels-idx1-ubyte`,
    encodeIdx({ dtype: 'uint8', dims: [chosen.length], data: subsetLabels }),
  );
  console.log(`${split}: ${chosen.length} examples (${perClass} per class) from ${count}`);
}
