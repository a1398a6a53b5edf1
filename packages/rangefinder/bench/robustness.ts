/**
 * How much does the suggested max lr move when the same range test is repeated with another
 * seed? Runs the default sweep (1e-7 to 10, 100 steps, fastai's) SEEDS times per model, varying
 * the batch order (and, for one model, the initial weights), and prints the spread of every suggestion as a
 * markdown table. Run from packages/rangefinder:
 *
 *   flock /tmp/cyclr-bench.lock pnpm exec tsx --conditions=@cyclr/source bench/robustness.ts [seeds]
 */
import type { RangeTestTrainer } from '@cyclr/core/trainer';
import { loadFashionSlice } from '../src/__tests__/trainers/fashion.js';
import { mlpTrainer } from '../src/__tests__/trainers/mlp.js';
import { quadraticTrainer } from '../src/__tests__/trainers/quadratic.js';
import { bounds, rangeTest, type SuggestionName } from '../src/index.js';
import { fmt, spread } from './stats.js';

const seeds = Number(process.argv[2] ?? 20);
const { train, test } = loadFashionSlice();

interface Model {
  readonly name: string;
  readonly make: (seed: number) => RangeTestTrainer;
  /** A reference rate to compare against, when the model has one. */
  readonly reference?: { readonly name: string; readonly lr: number };
}

const models: Model[] = [
  {
    name: 'MLP 196-32-10, SGD momentum 0.9, batch 64 (Fashion-MNIST 14x14 slice)',
    make: (seed) => mlpTrainer({ train, test, hidden: 32, batchSize: 64, dataSeed: seed }),
  },
  {
    name: 'the same MLP, initial weights varied too (init seed = 100 + seed)',
    make: (seed) => mlpTrainer({ train, test, dataSeed: seed, initSeed: 100 + seed }),
  },
  {
    name: 'MLP 196-32-10, plain SGD, batch 16 (noisier)',
    make: (seed) => mlpTrainer({ train, test, batchSize: 16, momentum: 0, dataSeed: seed }),
  },
  {
    name: 'softmax regression, SGD momentum 0.9, batch 16',
    make: (seed) => mlpTrainer({ train, test, hidden: 0, batchSize: 16, dataSeed: seed }),
  },
  {
    name: 'quadratic, L = 10, gradient noise 0.3 (GD diverges for lr > 2/L = 0.2)',
    make: (seed) => quadraticTrainer({ curvature: 10, noise: 0.3, seed }),
    reference: { name: '2/L', lr: 0.2 },
  },
];

const names: SuggestionName[] = ['edge', 'robust', 'valley', 'steepest', 'minimumDivTen', 'slide'];
const started = Date.now();
console.log(
  `Range-test suggestion spread over ${seeds} seeds (batch order), default sweep 1e-7..10, 100 steps\n`,
);
for (const model of models) {
  const found: Record<SuggestionName, number[]> = {
    edge: [],
    robust: [],
    valley: [],
    steepest: [],
    minimumDivTen: [],
    slide: [],
  };
  const maxLrs: number[] = [];
  const stops: string[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const result = await rangeTest(model.make(seed));
    stops.push(`${result.reason}@${result.stoppedAt}`);
    maxLrs.push(bounds(result).maxLr);
    for (const name of names) {
      const suggestion = result.suggestions[name];
      if (suggestion) found[name].push(suggestion.lr);
    }
  }
  console.log(`### ${model.name}\n`);
  const ref = model.reference;
  console.log(
    `| suggestion | median | min | max | max/min | std log10 |${ref ? ` max / ${ref.name} |` : ''}`,
  );
  console.log(`|---|---|---|---|---|---|${ref ? '---|' : ''}`);
  for (const name of names) {
    const s = spread(found[name]);
    const refCell = ref ? ` ${fmt(s.max / ref.lr)} |` : '';
    console.log(
      `| ${name} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.max)} | ${s.ratio.toFixed(2)} | ${s.stdLog10.toFixed(3)} |${refCell}`,
    );
  }
  const m = spread(maxLrs);
  console.log(
    `| **bounds().maxLr (default)** | ${fmt(m.median)} | ${fmt(m.min)} | ${fmt(m.max)} | ${m.ratio.toFixed(2)} | ${m.stdLog10.toFixed(3)} |${ref ? ` ${fmt(m.max / ref.lr)} |` : ''}`,
  );
  const stopCounts = new Map<string, number>();
  for (const stop of stops) {
    const reason = stop.split('@')[0] as string;
    stopCounts.set(reason, (stopCounts.get(reason) ?? 0) + 1);
  }
  console.log(`\nstops: ${[...stopCounts].map(([r, c]) => `${r} x${c}`).join(', ')}\n`);
}
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
