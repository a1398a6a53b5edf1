/**
 * What the ONNX benchmark scripts share: full Fashion-MNIST at 28x28, seeded shuffled batches
 * and the reference MLP 784-256-10 (ReLU, He-uniform) with SGD momentum 0.9 on
 * @cyclr/onnxruntime (a devDependency of this package only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PolicySpec, Schedule } from '@cyclr/core';
import { dense, NonFiniteLossError, OnnxTrainer, relu, sequential } from '@cyclr/onnxruntime';
import { mulberry32 } from '../src/__tests__/trainers/random.js';

export interface Split {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly count: number;
}

/** One split (`train` or `t10k`) of the gzipped IDX files in `dir`, pixels scaled to [0, 1]. */
export function loadSplit(dir: string, prefix: 'train' | 't10k'): Split {
  const images = gunzipSync(readFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`)));
  const labels = gunzipSync(readFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`)));
  const count = labels.length - 8;
  const x = new Float32Array(count * 784);
  for (let i = 0; i < x.length; i++) x[i] = (images[16 + i] as number) / 255;
  return { x, y: Uint8Array.from(labels.subarray(8)), count };
}

/** Shuffled batches, a new permutation every epoch, reproducible from the seed. */
export function shuffledBatches(data: Split, batchSize: number, seed: number) {
  const random = mulberry32(seed);
  const order = Uint32Array.from({ length: data.count }, (_, i) => i);
  let cursor = data.count;
  return () => {
    if (cursor + batchSize > data.count) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = order[i] as number;
        order[i] = order[j] as number;
        order[j] = t;
      }
      cursor = 0;
    }
    const inputs = new Float32Array(batchSize * 784);
    const labels = new Uint8Array(batchSize);
    for (let b = 0; b < batchSize; b++) {
      const row = order[cursor++] as number;
      inputs.set(data.x.subarray(row * 784, (row + 1) * 784), b * 784);
      labels[b] = data.y[row] as number;
    }
    return { inputs, labels };
  };
}

/** The reference MLP with SGD momentum 0.9, initialised from `seed`. */
export function createMlpTrainer(seed: number, schedule: Schedule | PolicySpec, batchSize: number) {
  return OnnxTrainer.create({
    model: sequential({
      inputShape: [784],
      layers: [dense(256, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
    }),
    optimizer: { type: 'sgd', momentum: 0.9 },
    schedule,
    batchSize,
    seed,
  });
}

/**
 * Trains the reference MLP for `steps` updates of `schedule` and returns its test accuracy;
 * a run whose loss diverges (NonFiniteLossError) scores chance level, 0.1.
 */
export async function trainAndScore(
  data: { readonly train: Split; readonly test: Split },
  options: {
    readonly seed: number;
    readonly schedule: Schedule | PolicySpec;
    readonly steps: number;
    readonly batchSize: number;
  },
): Promise<number> {
  const trainer = await createMlpTrainer(options.seed, options.schedule, options.batchSize);
  const next = shuffledBatches(data.train, options.batchSize, options.seed);
  try {
    for (let step = 0; step < options.steps; step++) {
      const { inputs, labels } = next();
      await trainer.step(inputs, labels);
    }
    return (await trainer.evaluate(data.test.x, data.test.y)).accuracy;
  } catch (error) {
    if (error instanceof NonFiniteLossError) return 0.1;
    throw error;
  } finally {
    await trainer.release();
  }
}
