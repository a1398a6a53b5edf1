// One round of bench/step-time-trees.ts: times OnnxTrainer.step of the 784-256-10 MLP (batch
// 128) as built by the @cyclr/onnxruntime source of another checkout, so two commits' trainers
// can be timed with the same loop. Prints one JSON line: { medianMs, cpuMedianMs }.
// Usage: tsx --conditions=@cyclr/source bench/step-time-child.ts --tree /path/to/checkout
//          [--optimizer sgd|adam] [--steps 500] [--warmup 50]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tree: { type: 'string' },
    optimizer: { type: 'string', default: 'sgd' },
    steps: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '50' },
  },
});
if (values.tree === undefined) {
  throw new RangeError('step-time-child: expected --tree <checkout>, got nothing');
}
if (values.optimizer !== 'sgd' && values.optimizer !== 'adam') {
  throw new RangeError(
    `step-time-child: expected --optimizer sgd or adam, got ${values.optimizer}`,
  );
}
// Only the API both commits share: OnnxTrainer.create/step/release, sequential, dense, relu.
const ort = (await import(
  pathToFileURL(join(values.tree, 'packages/onnxruntime/src/index.ts')).href
)) as typeof import('../src/index.js');

const batch = 128;
const trainer = await ort.OnnxTrainer.create({
  model: ort.sequential({ inputShape: [784], layers: [ort.dense(256), ort.relu(), ort.dense(10)] }),
  optimizer: values.optimizer === 'adam' ? { type: 'adam' } : { type: 'sgd', momentum: 0.9 },
  schedule: { policy: 'constant', lr: values.optimizer === 'adam' ? 0.001 : 0.01 },
  seed: 1,
});
// Fixed synthetic batches (the same generator as train-step.ts): time does not depend on values.
let state = 12345;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
};
const batches = Array.from({ length: 8 }, () => ({
  inputs: Float32Array.from({ length: batch * 784 }, random),
  labels: Int32Array.from({ length: batch }, () => Math.floor(random() * 10)),
}));
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < warmup + steps; i++) {
  const b = batches[i % batches.length] as (typeof batches)[number];
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await trainer.step(b.inputs, b.labels);
  const cpu = process.cpuUsage(cpuStart);
  if (i >= warmup) {
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
}
await trainer.release();
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
console.log(JSON.stringify({ medianMs: median(times), cpuMedianMs: median(cpuTimes) }));
