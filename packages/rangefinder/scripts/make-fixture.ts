/**
 * Writes src/__tests__/fixtures/fashion-mnist-14x14.bin.gz: the first TRAIN training images and
 * the first TEST test images of Fashion-MNIST (MIT licence), 2x2 average-pooled to 14x14 uint8,
 * each image followed by its label byte. Layout: [train count u32le][test count u32le] then
 * records of 197 bytes. Run once; the fixture is committed so tests need no dataset:
 *
 *   pnpm exec tsx scripts/make-fixture.ts [/usr/share/datasets/fashion-mnist]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const TRAIN = 2500;
const TEST = 500;
const source = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const out = new URL('../src/__tests__/fixtures/fashion-mnist-14x14.bin.gz', import.meta.url);

function read(prefix: string, count: number): Uint8Array {
  const images = gunzipSync(readFileSync(join(source, `${prefix}-images-idx3-ubyte.gz`)));
  const labels = gunzipSync(readFileSync(join(source, `${prefix}-labels-idx1-ubyte.gz`)));
  const records = new Uint8Array(count * 197);
  for (let n = 0; n < count; n++) {
    const image = images.subarray(16 + n * 784, 16 + (n + 1) * 784);
    for (let r = 0; r < 14; r++) {
      for (let c = 0; c < 14; c++) {
        const at = 2 * r * 28 + 2 * c;
        const sum =
          (image[at] as number) +
          (image[at + 1] as number) +
          (image[at + 28] as number) +
          (image[at + 29] as number);
        records[n * 197 + r * 14 + c] = Math.round(sum / 4);
      }
    }
    records[n * 197 + 196] = labels[8 + n] as number;
  }
  return records;
}

const header = new Uint8Array(8);
new DataView(header.buffer).setUint32(0, TRAIN, true);
new DataView(header.buffer).setUint32(4, TEST, true);
const body = Buffer.concat([header, read('train', TRAIN), read('t10k', TEST)]);
writeFileSync(out, gzipSync(body, { level: 9 }));
console.log(`wrote ${out.pathname}: ${TRAIN} train + ${TEST} test images`);
