// Time per train step of a benchmark model (bench/models.ts), batch 128, SGD momentum 0.9.
// Usage: flock /tmp/cyclr-bench.lock pnpm --filter @cyclr/onnxruntime bench [--model mlp|cnn|resnet --steps 500 --threads 1 --level all --mode sequential --copy --json]
import { parseArgs } from 'node:util';
import { OnnxTrainer } from '../src/index.js';
import { benchModel } from './models.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp' },
    steps: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '50' },
    threads: { type: 'string', default: '1' },
    level: { type: 'string', default: 'all' },
    mode: { type: 'string', default: 'sequential' },
    json: { type: 'boolean', default: false },
    // Measures the cost the trainer avoids: copying every parameter and state in and out per step.
    copy: { type: 'boolean', default: false },
    optimizer: { type: 'string', default: 'sgd' },
  },
});
if (values.optimizer !== 'sgd' && values.optimizer !== 'adam') {
  throw new RangeError(`train-step: expected --optimizer sgd or adam, got ${values.optimizer}`);
}
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const batch = 128;
const { model, inputSize, classes } = benchModel(values.model);

const trainer = await OnnxTrainer.create({
  model,
  optimizer: values.optimizer === 'adam' ? { type: 'adam' } : { type: 'sgd', momentum: 0.9 },
  schedule: { policy: 'constant', lr: 0.01 },
  seed: 1,
  sessionOptions: {
    intraOpNumThreads: Number(values.threads),
    graphOptimizationLevel: values.level as 'disabled' | 'basic' | 'extended' | 'all',
    executionMode: values.mode as 'sequential' | 'parallel',
  },
});

// Fixed synthetic batches: time per step does not depend on the values.
let state = 12345;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
};
const batches = Array.from({ length: 8 }, () => ({
  inputs: Float32Array.from({ length: batch * inputSize }, random),
  labels: Int32Array.from({ length: batch }, () => Math.floor(random() * classes)),
}));

const times: number[] = [];
// CPU time of the whole process per step: what the step costs, less sensitive than wall time to
// other jobs taking the cores (it still counts cache and memory-bandwidth contention).
const cpuTimes: number[] = [];
for (let i = 0; i < warmup + steps; i++) {
  const b = batches[i % batches.length] as (typeof batches)[number];
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await trainer.step(b.inputs, b.labels);
  if (values.copy) await trainer.restore(await trainer.snapshot());
  const cpu = process.cpuUsage(cpuStart);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (i >= warmup) {
    times.push(ms);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
}
await trainer.release();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
const p10 = times[Math.floor(times.length * 0.1)] ?? Number.NaN;
const p90 = times[Math.floor(times.length * 0.9)] ?? Number.NaN;
const result = {
  backend: 'onnxruntime-node',
  model: values.model,
  optimizer: values.optimizer,
  threads: Number(values.threads),
  level: values.level,
  mode: values.mode,
  steps,
  medianMs: median,
  p10Ms: p10,
  p90Ms: p90,
  cpuMedianMs: cpuTimes.sort((a, b) => a - b)[Math.floor(cpuTimes.length / 2)] ?? Number.NaN,
};
if (values.json) console.log(JSON.stringify(result));
else
  console.log(
    `onnxruntime-node ${values.model} ${values.optimizer} threads=${values.threads} level=${values.level} mode=${values.mode}: median ${median.toFixed(3)} ms/step (p10 ${p10.toFixed(3)}, p90 ${p90.toFixed(3)}) over ${steps} steps; CPU median ${result.cpuMedianMs.toFixed(3)} ms/step`,
  );
