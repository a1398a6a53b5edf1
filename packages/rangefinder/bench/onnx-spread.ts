/**
 * Seed-to-seed spread of `edge`, `robust` and the default `bounds().maxLr` on the ONNX trainer
 * (full Fashion-MNIST, MLP 784-256-10, SGD momentum 0.9, batch 128) for three sweeps: the bench's
 * (1e-4 to 10, 300 steps), 1e-5 to 10 over 200 steps and the default (1e-7 to 10, 100 steps).
 * SEEDS seeds vary the initial weights and the batch order.
 *
 *   flock /tmp/cyclr-bench.lock pnpm exec tsx --conditions=@cyclr/source bench/onnx-spread.ts [seeds] [dir]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dense, OnnxTrainer, relu, sequential } from '@cyclr/onnxruntime';
import { mulberry32 } from '../src/__tests__/trainers/random.js';
import { bounds, rangeTest } from '../src/index.js';
import { fmt, spread } from './stats.js';

const seeds = Number(process.argv[2] ?? 6);
const dir = process.argv[3] ?? '/usr/share/datasets/fashion-mnist';
const batchSize = 128;
const images = gunzipSync(readFileSync(join(dir, 'train-images-idx3-ubyte.gz')));
const labelBytes = gunzipSync(readFileSync(join(dir, 'train-labels-idx1-ubyte.gz')));
const count = labelBytes.length - 8;
const x = new Float32Array(count * 784);
for (let i = 0; i < x.length; i++) x[i] = (images[16 + i] as number) / 255;
const y = labelBytes.subarray(8);

/** Shuffled batches, a new permutation every epoch, reproducible from the seed. */
function batches(seed: number) {
  const random = mulberry32(seed);
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  let cursor = count;
  return () => {
    if (cursor + batchSize > count) {
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
      inputs.set(x.subarray(row * 784, (row + 1) * 784), b * 784);
      labels[b] = y[row] as number;
    }
    return { inputs, labels };
  };
}

const sweeps = [
  { startLr: 1e-4, steps: 300 },
  { startLr: 1e-5, steps: 200 },
  { startLr: 1e-7, steps: 100 },
];
console.log(`| sweep (to 10) | value | median | min | max | std log10 |`);
console.log('|---|---|---|---|---|---|');
for (const sweep of sweeps) {
  const found: Record<string, number[]> = { edge: [], robust: [], 'bounds().maxLr': [] };
  for (let seed = 1; seed <= seeds; seed++) {
    const trainer = await OnnxTrainer.create({
      model: sequential({
        inputShape: [784],
        layers: [dense(256, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
      }),
      optimizer: { type: 'sgd', momentum: 0.9 },
      schedule: { policy: 'constant', lr: 0.01 },
      batchSize,
      seed,
    });
    const result = await rangeTest(trainer.asRangeTestTrainer({ nextBatch: batches(seed) }), sweep);
    await trainer.release();
    found.edge?.push(result.suggestions.edge?.lr ?? Number.NaN);
    found.robust?.push(result.suggestions.robust?.lr ?? Number.NaN);
    found['bounds().maxLr']?.push(bounds(result).maxLr);
  }
  for (const [name, values] of Object.entries(found)) {
    const s = spread(values);
    console.log(
      `| ${sweep.startLr}, ${sweep.steps} steps | ${name} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.max)} | ${s.stdLog10.toFixed(3)} |`,
    );
  }
}
