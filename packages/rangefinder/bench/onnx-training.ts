/**
 * The range test on the ONNX trainer (@cyclr/onnxruntime, devDependency only): do its bounds
 * train as well as a fixed-lr grid? Full Fashion-MNIST (60k/10k, 28x28), MLP 784-256-10 (ReLU,
 * He-uniform), SGD momentum 0.9, batch 128, EPOCHS epochs per run, SEEDS seeds (initial weights
 * and batch order):
 *
 * - a 5-point fixed-lr grid (0.003, 0.01, 0.03, 0.1, 0.3): 5 runs;
 * - one range test (defaults: 1e-7 to 10, 100 steps) through `trainer.asRangeTestTrainer`,
 *   then one triangular run (one cycle, stepSize = half the run) from `bounds(result, { suggestion: "robust" })` and one
 *   oneCycle run from its maxLr; for comparison a triangular run from fastai's valley.
 *
 *   flock /tmp/cyclr-bench.lock pnpm exec tsx --conditions=@cyclr/source bench/onnx-training.ts [epochs] [seeds] [dir]
 */
import { oneCycle, type PolicySpec, type Schedule, triangular } from '@cyclr/core';
import { bounds, rangeTest } from '../src/index.js';
import { createMlpTrainer, loadSplit, shuffledBatches, trainAndScore } from './onnx-mlp.js';

const epochs = Number(process.argv[2] ?? 3);
const seeds = Number(process.argv[3] ?? 3);
const dir = process.argv[4] ?? '/usr/share/datasets/fashion-mnist';
const batchSize = 128;
const grid = [0.003, 0.01, 0.03, 0.1, 0.3];

const train = loadSplit(dir, 'train');
const test = loadSplit(dir, 't10k');
const batches = (seed: number) => shuffledBatches(train, batchSize, seed);
const stepsPerEpoch = Math.floor(train.count / batchSize);
const totalSteps = epochs * stepsPerEpoch;

const create = (seed: number, schedule: Schedule | PolicySpec) =>
  createMlpTrainer(seed, schedule, batchSize);

const run = (seed: number, schedule: Schedule | PolicySpec) =>
  trainAndScore({ train, test }, { seed, schedule, steps: totalSteps, batchSize });

const accuracies = new Map<string, number[]>();
const record = (name: string, accuracy: number) => {
  accuracies.set(name, [...(accuracies.get(name) ?? []), accuracy]);
};
const found: string[] = [];
const started = Date.now();
for (let seed = 1; seed <= seeds; seed++) {
  for (const lr of grid) record(`fixed ${lr}`, await run(seed, { policy: 'constant', lr }));
  const finder = await create(seed, { policy: 'constant', lr: 0.01 });
  const result = await rangeTest(finder.asRangeTestTrainer({ nextBatch: batches(seed) }));
  await finder.release();
  // The earlier default (maxLr = 2 x robust), which docs/benchmarks/rangefinder.md section 2 measured.
  const { baseLr, maxLr } = bounds(result, { suggestion: 'robust' });
  const valley = bounds(result, { suggestion: 'valley' });
  found.push(
    `seed ${seed}: ${result.reason} after ${result.stoppedAt} steps; robust baseLr ${baseLr.toPrecision(3)}, maxLr ${maxLr.toPrecision(3)}; valley maxLr ${valley.maxLr.toPrecision(3)}`,
  );
  const stepSize = Math.floor(totalSteps / 2);
  record('triangular (range test)', await run(seed, triangular({ baseLr, maxLr, stepSize })));
  record('oneCycle (range test)', await run(seed, oneCycle({ maxLr, totalSteps })));
  record('triangular (fastai valley bounds)', await run(seed, triangular({ ...valley, stepSize })));
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(
  `Fashion-MNIST 28x28 (60k/10k), OnnxTrainer MLP 784-256-10, SGD momentum 0.9, batch ${batchSize}, ${epochs} epochs (${totalSteps} steps) per run, ${seeds} seeds\n`,
);
console.log(found.join('\n'));
console.log('\n| run | test accuracy, mean | per seed | steps |');
console.log('|---|---|---|---|');
for (const [name, values] of accuracies) {
  const cost = name.startsWith('fixed') ? totalSteps : totalSteps + 100;
  console.log(
    `| ${name} | ${(100 * mean(values)).toFixed(2)}% | ${values.map((v) => (100 * v).toFixed(2)).join(', ')} | ${cost} |`,
  );
}
const bestGrid = Math.max(...grid.map((lr) => mean(accuracies.get(`fixed ${lr}`) ?? [])));
console.log(
  `\nbest of the grid: ${(100 * bestGrid).toFixed(2)}% for ${5 * totalSteps} steps; range test + one run: ${totalSteps + 100} steps (${((totalSteps + 100) / (5 * totalSteps)).toFixed(2)} of the grid's cost)`,
);
console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
