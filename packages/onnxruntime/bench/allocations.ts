// JS-heap bytes allocated per OnnxTrainer.step (MLP 784-256-10, batch 128), from V8's sampling
// heap profiler with collected objects included (so garbage counts too): the sum of the
// profile's self sizes over the measured steps, divided by the steps. ArrayBuffer backing
// stores (the session's output tensors, which a step cannot avoid) are not on the JS heap.
// Usage: pnpm --filter @cyclr/onnxruntime bench:allocations
import { Session } from 'node:inspector/promises';
import { dense, OnnxTrainer, type OptimizerOptions, relu, sequential } from '../src/index.js';

interface ProfileNode {
  selfSize: number;
  children: ProfileNode[];
}
const total = (node: ProfileNode): number =>
  node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0);

const STEPS = 2000;
const inputs = Float32Array.from({ length: 128 * 784 }, (_, i) => (i % 255) / 255);
const labels = Int32Array.from({ length: 128 }, (_, i) => i % 10);
const inspector = new Session();
inspector.connect();

for (const optimizer of [
  { type: 'sgd', momentum: 0.9 },
  { type: 'adamw' },
] satisfies OptimizerOptions[]) {
  const trainer = await OnnxTrainer.create({
    model: sequential({ inputShape: [784], layers: [dense(256), relu(), dense(10)] }),
    optimizer,
    schedule: { policy: 'constant', lr: 0.001 },
    seed: 1,
  });
  for (let i = 0; i < 50; i++) await trainer.step(inputs, labels);
  await inspector.post('HeapProfiler.startSampling', {
    samplingInterval: 64,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < STEPS; i++) await trainer.step(inputs, labels);
  const { profile } = (await inspector.post('HeapProfiler.stopSampling')) as {
    profile: { head: ProfileNode };
  };
  console.log(`| ${optimizer.type} | ${(total(profile.head) / STEPS).toFixed(0)} B |`);
  await trainer.release();
}
inspector.disconnect();
