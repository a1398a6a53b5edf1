import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Dataset } from '../src/__tests__/trainers/fashion.js';

/**
 * The full Fashion-MNIST IDX files (e.g. Debian's dataset-fashion-mnist), 2x2 average-pooled
 * to 14x14 like the committed slice, so the pure-TS MLP runs at a few ms per step.
 */
export function loadFashionFull(dir = '/usr/share/datasets/fashion-mnist'): {
  train: Dataset;
  test: Dataset;
} {
  const part = (prefix: string): Dataset => {
    const images = gunzipSync(readFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`)));
    const labels = gunzipSync(readFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`)));
    const count = labels.length - 8;
    const x = new Float64Array(count * 196);
    for (let n = 0; n < count; n++) {
      const at = 16 + n * 784;
      for (let r = 0; r < 14; r++) {
        for (let c = 0; c < 14; c++) {
          const p = at + 2 * r * 28 + 2 * c;
          const sum =
            (images[p] as number) +
            (images[p + 1] as number) +
            (images[p + 28] as number) +
            (images[p + 29] as number);
          x[n * 196 + r * 14 + c] = Math.round(sum / 4) / 255;
        }
      }
    }
    return { x, y: labels.subarray(8), count, features: 196 };
  };
  return { train: part('train'), test: part('t10k') };
}
