import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { OnnxTrainer } from '../../index.js';

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

type Dataset = ReturnType<typeof fashion>;

/** Trains `epochs` passes over `data` in batches of 64; the loss of every step. */
export async function trainEpochs(
  trainer: OnnxTrainer,
  data: Dataset,
  epochs: number,
): Promise<number[]> {
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let start = 0; start < data.rows; start += 64) {
      const b = batchOf(data, start, 64);
      losses.push(await trainer.step(b.inputs, b.labels));
    }
  }
  return losses;
}

/** Mean of the first four losses vs the last four: how much the loss fell. */
export function lossRatio(losses: readonly number[]): number {
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return mean(losses.slice(-4)) / mean(losses.slice(0, 4));
}

/** Accuracy of the exported inference model, run in its own session, on 28x28 images. */
export async function exportedAccuracy(trainer: OnnxTrainer, test: Dataset): Promise<number> {
  const session = await InferenceSession.create(await trainer.exportInferenceModel());
  const out = await session.run({
    input: new Tensor('float32', test.inputs, [test.rows, 1, 28, 28]),
  });
  const logits = out.logits?.data as Float32Array;
  let correct = 0;
  for (let r = 0; r < test.rows; r++) {
    const row = Array.from(logits.subarray(r * 10, r * 10 + 10));
    if (row.indexOf(Math.max(...row)) === test.labels[r]) correct++;
  }
  await session.release();
  return correct / test.rows;
}
