// Train an MLP on Fashion-MNIST with a triangular2 cyclical learning rate, then save the model.
// Usage: pnpm --filter @cyclr/onnxruntime example [dataDir] [--epochs 2] [--limit 60000] [--out model.onnx]
// dataDir holds the four IDX .gz files (default /usr/share/datasets/fashion-mnist).
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { dense, OnnxTrainer, relu, sequential } from '../src/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    epochs: { type: 'string', default: '2' },
    limit: { type: 'string', default: '60000' },
    out: { type: 'string', default: join(tmpdir(), 'fashion-mlp.onnx') },
  },
});
const dir = positionals[0] ?? '/usr/share/datasets/fashion-mnist';
const limit = Number(values.limit);

function idx(file: string): Uint8Array {
  const bytes = gunzipSync(readFileSync(join(dir, file)));
  return new Uint8Array(bytes.subarray(4 + 4 * (bytes[3] as number)));
}
function load(prefix: string, rows: number) {
  const labels = idx(`${prefix}-labels-idx1-ubyte.gz`).subarray(0, rows);
  const inputs = Float32Array.from(
    idx(`${prefix}-images-idx3-ubyte.gz`).subarray(0, labels.length * 784),
    (v) => v / 255,
  );
  return { inputs, labels };
}
const train = load('train', limit);
const test = load('t10k', 10000);

const batchSize = 128;
const stepsPerEpoch = Math.floor(train.labels.length / batchSize);
const trainer = await OnnxTrainer.create({
  model: sequential({
    inputShape: [784],
    layers: [dense(256, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
  }),
  optimizer: { type: 'sgd', momentum: 0.9 },
  // Half a cycle = one epoch here; Smith suggests 2-10 epochs per half cycle on longer runs.
  schedule: { policy: 'triangular2', baseLr: 0.01, maxLr: 0.1, stepSize: stepsPerEpoch },
  batchSize,
  seed: 1,
});
for (let epoch = 0; epoch < Number(values.epochs); epoch++) {
  let loss = 0;
  for (let b = 0; b < stepsPerEpoch; b++) {
    const start = b * batchSize;
    const end = start + batchSize;
    loss += await trainer.step(
      train.inputs.subarray(start * 784, end * 784),
      train.labels.subarray(start, end),
    );
  }
  const { accuracy } = await trainer.evaluate(test.inputs, test.labels);
  console.log(
    `epoch ${epoch + 1}: train loss ${(loss / stepsPerEpoch).toFixed(4)}, test accuracy ${(accuracy * 100).toFixed(2)}%, lr now ${trainer.hyperParameters().learningRate.toFixed(4)}`,
  );
}
writeFileSync(values.out, await trainer.exportInferenceModel());
console.log(`wrote ${values.out}`);
await trainer.release();
