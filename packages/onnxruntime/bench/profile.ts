// Per-node time of a benchmark model's train step (bench/models.ts) from onnxruntime's own
// profiler (aggregated over steps).
// Usage: flock /tmp/cyclr-bench.lock pnpm --filter @cyclr/onnxruntime bench:profile [--model mlp|cnn|resnet] [--steps 200] [--top 30]
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { OnnxTrainer } from '../src/index.js';
import { benchModel } from './models.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp' },
    steps: { type: 'string', default: '200' },
    top: { type: 'string', default: '30' },
  },
});
const steps = Number(values.steps);
const { model, inputSize, classes } = benchModel(values.model);
const prefix = `/tmp/cyclr-ort-profile-${process.pid}`;
const trainer = await OnnxTrainer.create({
  model,
  optimizer: { type: 'sgd', momentum: 0.9 },
  schedule: { policy: 'constant', lr: 0.01 },
  sessionOptions: { enableProfiling: true, profileFilePrefix: prefix },
});
const inputs = Float32Array.from({ length: 128 * inputSize }, (_, i) => (i % 255) / 255);
const labels = Int32Array.from({ length: 128 }, (_, i) => i % classes);
for (let i = 0; i < steps; i++) await trainer.step(inputs, labels);
const t0 = performance.now();
for (let i = 0; i < steps; i++) await trainer.step(inputs, labels);
const wall = (performance.now() - t0) / steps;
// endProfiling is on the session; release() flushes the profile files.
await trainer.release();
const { readdirSync } = await import('node:fs');
const files = readdirSync('/tmp').filter((f) => f.startsWith(`cyclr-ort-profile-${process.pid}`));
const totals = new Map<string, number>();
let runTotal = 0;
let runs = 0;
for (const file of files) {
  const events = JSON.parse(readFileSync(`/tmp/${file}`, 'utf8')) as {
    name: string;
    cat: string;
    dur: number;
    args?: { op_name?: string };
  }[];
  const isTrain = events.some((e) => e.name.includes('optimizer/'));
  if (isTrain) {
    for (const e of events) {
      if (e.cat === 'Node' && e.name.endsWith('_kernel_time')) {
        const key = `${e.args?.op_name ?? '?'} ${e.name.replace('_kernel_time', '')}`;
        totals.set(key, (totals.get(key) ?? 0) + e.dur);
      }
      if (e.cat === 'Session' && e.name === 'model_run') {
        runTotal += e.dur;
        runs++;
      }
    }
  }
  rmSync(`/tmp/${file}`);
}
const sorted = [...totals].sort((a, b) => b[1] - a[1]);
const kernel = sorted.reduce((a, [, d]) => a + d, 0) / runs / 1000;
console.log(
  `wall ${wall.toFixed(3)} ms/step (with profiling on); model_run ${(runTotal / runs / 1000).toFixed(3)} ms; kernels ${kernel.toFixed(3)} ms`,
);
for (const [name, dur] of sorted.slice(0, Number(values.top)))
  console.log(`${(dur / runs / 1000).toFixed(4)} ms  ${name}`);
