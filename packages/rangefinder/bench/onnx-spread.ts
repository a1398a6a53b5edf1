/**
 * Seed-to-seed spread of `edge`, `robust` and the default `bounds().maxLr` on the ONNX trainer
 * (full Fashion-MNIST, MLP 784-256-10, SGD momentum 0.9, batch 128) for three sweeps: the bench's
 * (1e-4 to 10, 300 steps), 1e-5 to 10 over 200 steps and the default (1e-7 to 10, 100 steps).
 * SEEDS seeds vary the initial weights and the batch order.
 *
 *   flock /tmp/cyclr-bench.lock pnpm exec tsx --conditions=@cyclr/source bench/onnx-spread.ts [seeds] [dir]
 */
import { bounds, rangeTest } from '../src/index.js';
import { createMlpTrainer, loadSplit, shuffledBatches } from './onnx-mlp.js';
import { fmt, spread } from './stats.js';

const seeds = Number(process.argv[2] ?? 6);
const dir = process.argv[3] ?? '/usr/share/datasets/fashion-mnist';
const batchSize = 128;
const train = loadSplit(dir, 'train');
const batches = (seed: number) => shuffledBatches(train, batchSize, seed);

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
    const trainer = await createMlpTrainer(seed, { policy: 'constant', lr: 0.01 }, batchSize);
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
