// Writes the small Fashion-MNIST fixture the end-to-end tests train on: the first 512
// training and 256 test images with their labels, as gzipped IDX files (same format as the
// originals). Fashion-MNIST is MIT-licensed (Zalando Research).
// Usage: pnpm exec tsx packages/onnxruntime/scripts/make-fashion-fixture.ts [/usr/share/datasets/fashion-mnist]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const source = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const out = join(import.meta.dirname, '../src/__tests__/fixtures');

function slice(file: string, count: number, target: string): void {
  const idx = gunzipSync(readFileSync(join(source, file)));
  const dims = idx[3] as number;
  const header = 4 + 4 * dims;
  const itemSize = dims === 3 ? idx.readUInt32BE(8) * idx.readUInt32BE(12) : 1;
  const sliced = Buffer.from(idx.subarray(0, header + count * itemSize));
  sliced.writeUInt32BE(count, 4);
  writeFileSync(join(out, target), gzipSync(sliced, { level: 9 }));
}

slice('train-images-idx3-ubyte.gz', 512, 'fashion-train-images-512.idx.gz');
slice('train-labels-idx1-ubyte.gz', 512, 'fashion-train-labels-512.idx.gz');
slice('t10k-images-idx3-ubyte.gz', 256, 'fashion-test-images-256.idx.gz');
slice('t10k-labels-idx1-ubyte.gz', 256, 'fashion-test-labels-256.idx.gz');
