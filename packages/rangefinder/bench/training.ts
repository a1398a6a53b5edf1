/**
 * Do the range test's bounds train well? On Fashion-MNIST (full 60k/10k, 14x14) with the
 * pure-TS MLP 196-32-10 and SGD momentum 0.9, batch 64, EPOCHS epochs per run:
 *
 * - a 5-point fixed-lr grid (0.003, 0.01, 0.03, 0.1, 0.3): 5 runs;
 * - one range test (100 steps, defaults) -> bounds({ suggestion: "robust" }) -> one triangular run (one cycle,
 *   stepSize = half the run, ends at the cycle's minimum) and one oneCycle run;
 * - for comparison, a triangular run from fastai's valley suggestion of the same test.
 *
 * Each over SEEDS seeds (init + batch order); prints final test accuracy and the cost in
 * optimizer steps. Run from packages/rangefinder:
 *
 *   flock /tmp/cyclr-bench.lock pnpm exec tsx --conditions=@cyclr/source bench/training.ts [epochs] [seeds] [dir]
 */
import { oneCycle, type Schedule, triangular } from '@cyclr/core';
import { mlpTrainer } from '../src/__tests__/trainers/mlp.js';
import { bounds, rangeTest } from '../src/index.js';
import { loadFashionFull } from './fashion-full.js';

const epochs = Number(process.argv[2] ?? 3);
const seeds = Number(process.argv[3] ?? 3);
const { train, test } = loadFashionFull(process.argv[4]);
const batchSize = 64;
const stepsPerEpoch = Math.floor(train.count / batchSize);
const totalSteps = epochs * stepsPerEpoch;
const grid = [0.003, 0.01, 0.03, 0.1, 0.3];

function run(seed: number, schedule: (step: number) => { lr: number; momentum: number }): number {
  const trainer = mlpTrainer({ train, test, batchSize, initSeed: seed, dataSeed: seed });
  for (let step = 0; step < totalSteps; step++) {
    const { lr, momentum } = schedule(step);
    const loss = trainer.step(lr, momentum);
    if (!Number.isFinite(loss)) return 0.1; // diverged: chance level
  }
  return trainer.evaluate();
}

const fromSchedule = (s: Schedule) => (step: number) => ({
  lr: s.lr(step),
  momentum: s.momentum?.(step) ?? 0.9,
});

const accuracies = new Map<string, number[]>();
const record = (name: string, accuracy: number) => {
  accuracies.set(name, [...(accuracies.get(name) ?? []), accuracy]);
};
const found: string[] = [];
const started = Date.now();
for (let seed = 1; seed <= seeds; seed++) {
  for (const lr of grid)
    record(
      `fixed ${lr}`,
      run(seed, () => ({ lr, momentum: 0.9 })),
    );
  const finder = mlpTrainer({ train, test, batchSize, initSeed: seed, dataSeed: seed });
  const result = await rangeTest(finder);
  // The 0.1 default (maxLr = 2 x robust), which docs/benchmarks/rangefinder.md section 2 measured.
  const { baseLr, maxLr } = bounds(result, { suggestion: 'robust' });
  found.push(`seed ${seed}: baseLr ${baseLr.toPrecision(3)}, maxLr ${maxLr.toPrecision(3)}`);
  const stepSize = Math.floor(totalSteps / 2);
  record(
    'triangular (range test)',
    run(seed, fromSchedule(triangular({ baseLr, maxLr, stepSize }))),
  );
  record('oneCycle (range test)', run(seed, fromSchedule(oneCycle({ maxLr, totalSteps }))));
  // The same with fastai's default criterion, for comparison.
  const valley = bounds(result, { suggestion: 'valley' });
  found.push(`seed ${seed}: valley maxLr ${valley.maxLr.toPrecision(3)}`);
  record(
    'triangular (fastai valley bounds)',
    run(seed, fromSchedule(triangular({ ...valley, stepSize }))),
  );
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(
  `Fashion-MNIST 14x14 (60k/10k), MLP 196-32-10, SGD batch ${batchSize}, ${epochs} epochs (${totalSteps} steps) per run, ${seeds} seeds\n`,
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
