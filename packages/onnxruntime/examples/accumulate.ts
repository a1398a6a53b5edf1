// Gradient accumulation: the update of a 256-row batch, computed from micro-batches of 64 (for
// when 256 rows do not fit, or to match a recipe's batch size). 1cycle over the updates, a
// BatchNorm whose running statistics follow every micro-batch, a checkpoint at update boundaries.
// Usage: pnpm --filter @cyclr/onnxruntime example:accumulate [dataDir] [--updates 200]
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { batchNorm, dense, OnnxTrainer, relu, sequential } from '../src/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { updates: { type: 'string', default: '200' } },
});
const dir = positionals[0] ?? '/usr/share/datasets/fashion-mnist';
const updates = Number(values.updates);

function idx(file: string): Uint8Array {
  const bytes = gunzipSync(readFileSync(join(dir, file)));
  return new Uint8Array(bytes.subarray(4 + 4 * (bytes[3] as number)));
}
const labels = idx('train-labels-idx1-ubyte.gz');
const images = Float32Array.from(idx('train-images-idx3-ubyte.gz'), (v) => v / 255);
const testLabels = idx('t10k-labels-idx1-ubyte.gz');
const testImages = Float32Array.from(idx('t10k-images-idx3-ubyte.gz'), (v) => v / 255);

const microBatch = 64;
const trainer = await OnnxTrainer.create({
  model: sequential({
    inputShape: [784],
    layers: [dense(128, { kernelInitializer: 'heUniform' }), batchNorm(), relu(), dense(10)],
  }),
  optimizer: { type: 'sgd', momentum: 0.9 },
  // totalSteps counts updates: 200 updates of 4 micro-batches each.
  schedule: { policy: 'oneCycle', maxLr: 0.2, totalSteps: updates },
  gradientAccumulationSteps: 4,
  batchSize: microBatch,
  seed: 1,
});

let microBatches = 0;
while (trainer.globalStep < updates) {
  const start = (microBatches++ * microBatch) % (labels.length - microBatch);
  const loss = await trainer.step(
    images.subarray(start * 784, (start + microBatch) * 784),
    labels.subarray(start, start + microBatch),
  );
  // accumulatedMicroBatches is 0 right after the call that applied an update.
  if (trainer.accumulatedMicroBatches === 0 && trainer.globalStep % 50 === 0) {
    const path = join(tmpdir(), 'fashion-accumulate.safetensors');
    await trainer.save(path); // only at update boundaries; load() resumes with k = 4
    console.log(`update ${trainer.globalStep}: micro-batch loss ${loss.toFixed(4)}, saved ${path}`);
  }
}
const { accuracy } = await trainer.evaluate(testImages, testLabels);
console.log(
  `${microBatches} micro-batches, ${trainer.globalStep} updates: test accuracy ${accuracy.toFixed(4)}`,
);
await trainer.release();
