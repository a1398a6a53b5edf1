import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Images as rows of `features` floats in [0, 1], and their labels. */
export interface Dataset {
  readonly x: Float64Array;
  readonly y: Uint8Array;
  readonly count: number;
  readonly features: number;
}

/** The committed Fashion-MNIST slice (14x14, see scripts/make-fixture.ts). */
export function loadFashionSlice(): { train: Dataset; test: Dataset } {
  const url = new URL('../fixtures/fashion-mnist-14x14.bin.gz', import.meta.url);
  const bytes = gunzipSync(readFileSync(url));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trainCount = view.getUint32(0, true);
  const testCount = view.getUint32(4, true);
  const part = (from: number, count: number): Dataset => {
    const x = new Float64Array(count * 196);
    const y = new Uint8Array(count);
    for (let n = 0; n < count; n++) {
      const at = 8 + (from + n) * 197;
      for (let k = 0; k < 196; k++) x[n * 196 + k] = (bytes[at + k] as number) / 255;
      y[n] = bytes[at + 196] as number;
    }
    return { x, y, count, features: 196 };
  };
  return { train: part(0, trainCount), test: part(trainCount, testCount) };
}
