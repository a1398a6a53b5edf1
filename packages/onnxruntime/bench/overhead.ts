// Where the MLP step's time goes outside the kernels: OnnxTrainer.step vs a bare session.run
// on the same train-step graph with fixed feeds, and the cost of fetching the updated tensors.
// Usage: flock /tmp/cyclr-bench.lock pnpm --filter @cyclr/onnxruntime bench:overhead
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeModel } from '../src/graph/encode.js';
import { buildTrainingGraphs } from '../src/graph/train-graph.js';
import { dense, OnnxTrainer, relu, sequential } from '../src/index.js';

const model = sequential({ inputShape: [784], layers: [dense(256), relu(), dense(10)] });
const graphs = buildTrainingGraphs(model.build(1), { type: 'sgd', momentum: 0.9 });
const session = await InferenceSession.create(encodeModel(graphs.trainStep), {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  logSeverityLevel: 3,
});
const inputs = Float32Array.from({ length: 128 * 784 }, (_, i) => (i % 255) / 255);
const labels = Int32Array.from({ length: 128 }, (_, i) => i % 10);
const feeds: Record<string, Tensor> = {
  input: new Tensor('float32', inputs, [128, 784]),
  labels: new Tensor(
    'int64',
    BigInt64Array.from(labels, (v) => BigInt(v)),
    [128],
  ),
  learning_rate: new Tensor('float32', new Float32Array([0.01]), [1]),
  momentum: new Tensor('float32', new Float32Array([0.9]), [1]),
};
for (const p of graphs.params) feeds[p.name] = new Tensor('float32', p.data, p.dims);
for (const s of graphs.states) {
  feeds[s.name] = new Tensor('float32', new Float32Array(s.param.data.length), s.param.dims);
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[times.length >> 1] as number;
}

const trainer = await OnnxTrainer.create({
  model,
  optimizer: { type: 'sgd', momentum: 0.9 },
  schedule: { policy: 'constant', lr: 0.01 },
  seed: 1,
});
const rows = [
  [
    'OnnxTrainer.step (feeds built, outputs swapped in)',
    await median(() => trainer.step(inputs, labels)),
  ],
  ['bare session.run, fixed feeds, all outputs', await median(() => session.run(feeds))],
  [
    'bare session.run, fixed feeds, only `loss` fetched',
    await median(() => session.run(feeds, ['loss'])),
  ],
] as const;
for (const [label, ms] of rows) console.log(`| ${label} | ${ms.toFixed(3)} |`);
await trainer.release();
await session.release();
