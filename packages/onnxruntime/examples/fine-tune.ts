// Fine-tuning a pretrained model: freeze the first layer, train the middle one at a tenth of the
// rate and the head at the full rate (discriminative fine-tuning), clip gradients by global norm
// and keep weight decay off the biases.
// Usage: pnpm --filter @cyclr/onnxruntime example:fine-tune [dataDir] [--steps 300]
// Pretrains on classes 0-4 of Fashion-MNIST, exports the ONNX model, then fine-tunes that file
// on all ten classes; prints test accuracy before and after.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { dense, OnnxTrainer, relu, sequential } from '../src/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { steps: { type: 'string', default: '300' } },
});
const dir = positionals[0] ?? '/usr/share/datasets/fashion-mnist';
const steps = Number(values.steps);

function idx(file: string): Uint8Array {
  const bytes = gunzipSync(readFileSync(join(dir, file)));
  return new Uint8Array(bytes.subarray(4 + 4 * (bytes[3] as number)));
}
function dataset(split: 'train' | 't10k', keep: (label: number) => boolean) {
  const allLabels = idx(`${split}-labels-idx1-ubyte.gz`);
  const pixels = idx(`${split}-images-idx3-ubyte.gz`);
  const rows = [...allLabels.keys()].filter((r) => keep(allLabels[r] as number));
  const images = new Float32Array(rows.length * 784);
  rows.forEach((r, i) => {
    for (let j = 0; j < 784; j++) images[i * 784 + j] = (pixels[r * 784 + j] as number) / 255;
  });
  return {
    images,
    labels: Uint8Array.from(rows, (r) => allLabels[r] as number),
    rows: rows.length,
  };
}

async function train(trainer: OnnxTrainer, data: ReturnType<typeof dataset>, count: number) {
  const batch = 64;
  for (let step = 0; step < count; step++) {
    const start = (step * batch) % (data.rows - batch);
    await trainer.step(
      data.images.subarray(start * 784, (start + batch) * 784),
      data.labels.subarray(start, start + batch),
    );
  }
}

const test = dataset('t10k', () => true);
const accuracy = async (trainer: OnnxTrainer) =>
  (await trainer.evaluate(test.images, test.labels)).accuracy.toFixed(3);

// 1. A "pretrained" model: trained on the first five classes only, saved as plain ONNX.
const pretraining = await OnnxTrainer.create({
  model: sequential({
    inputShape: [784],
    layers: [dense(128), relu(), dense(64), relu(), dense(10)],
  }),
  optimizer: { type: 'adamw' },
  schedule: { policy: 'oneCycle', maxLr: 3e-3, totalSteps: steps },
  seed: 1,
});
await train(
  pretraining,
  dataset('train', (label) => label < 5),
  steps,
);
const pretrained = await pretraining.exportInferenceModel();
console.log(`pretrained on classes 0-4: test accuracy on all ten ${await accuracy(pretraining)}`);
await pretraining.release();

// 2. Fine-tune the ONNX model on all ten classes.
const fineTuning = await OnnxTrainer.create({
  model: pretrained,
  freeze: 'dense0.*', // the first layer stays as pretrained: a constant of the train-step graph
  optimizer: {
    type: 'adamw',
    weightDecay: 0.01,
    weightDecayFilter: 'exclude1d', // no decay on biases
    clipNorm: 1, // torch.nn.utils.clip_grad_norm_(params, 1) before every update
    paramGroups: [{ params: 'dense1.*', lrMultiplier: 0.1 }], // the head (dense2) at the full rate
  },
  schedule: { policy: 'oneCycle', maxLr: 3e-3, totalSteps: steps },
  seed: 1,
});
await train(
  fineTuning,
  dataset('train', () => true),
  steps,
);
console.log(`fine-tuned on all ten classes: test accuracy ${await accuracy(fineTuning)}`);
await fineTuning.release();
