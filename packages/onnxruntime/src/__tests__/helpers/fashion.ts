import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const dir = join(import.meta.dirname, '../fixtures');

function idx(file: string): { count: number; items: Uint8Array } {
  const bytes = gunzipSync(readFileSync(join(dir, file)));
  const dims = bytes[3] as number;
  return { count: bytes.readUInt32BE(4), items: new Uint8Array(bytes.subarray(4 + 4 * dims)) };
}

/** The committed Fashion-MNIST slice (scripts/make-fashion-fixture.ts): pixels scaled to [0, 1]. */
export function fashion(split: 'train' | 'test'): {
  inputs: Float32Array;
  labels: Uint8Array;
  rows: number;
} {
  const n = split === 'train' ? 512 : 256;
  const images = idx(`fashion-${split}-images-${n}.idx.gz`);
  const labels = idx(`fashion-${split}-labels-${n}.idx.gz`);
  return {
    inputs: Float32Array.from(images.items, (v) => v / 255),
    labels: labels.items,
    rows: images.count,
  };
}

/** Rows [start, start + size) of a dataset. */
export function batchOf(
  data: { inputs: Float32Array; labels: Uint8Array },
  start: number,
  size: number,
) {
  const features = data.inputs.length / data.labels.length;
  return {
    inputs: data.inputs.subarray(start * features, (start + size) * features),
    labels: data.labels.subarray(start, start + size),
  };
}
