// A run that survives being killed: it saves a checkpoint every 50 steps and, when one exists,
// resumes from it (same weights, Adam state, schedule position and dropout stream).
// Usage: pnpm --filter @cyclr/onnxruntime example:checkpoint [dataDir] [--steps 400] [--checkpoint run.safetensors]
// Kill it (Ctrl-C) and start it again: it carries on from the last save.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { dense, dropout, OnnxTrainer, relu, sequential } from '../src/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    steps: { type: 'string', default: '400' },
    checkpoint: { type: 'string', default: join(tmpdir(), 'fashion-run.safetensors') },
  },
});
const dir = positionals[0] ?? '/usr/share/datasets/fashion-mnist';
const totalSteps = Number(values.steps);
const path = values.checkpoint;

function idx(file: string): Uint8Array {
  const bytes = gunzipSync(readFileSync(join(dir, file)));
  return new Uint8Array(bytes.subarray(4 + 4 * (bytes[3] as number)));
}
const labels = idx('train-labels-idx1-ubyte.gz');
const images = Float32Array.from(idx('train-images-idx3-ubyte.gz'), (v) => v / 255);

const trainer = existsSync(path)
  ? await OnnxTrainer.load(path)
  : await OnnxTrainer.create({
      model: sequential({
        inputShape: [784],
        layers: [dense(128, { kernelInitializer: 'heUniform' }), relu(), dropout(0.2), dense(10)],
      }),
      optimizer: { type: 'adamw', weightDecay: 0.01 },
      schedule: { policy: 'oneCycle', maxLr: 3e-3, totalSteps },
      seed: 1,
    });
console.log(existsSync(path) ? `resumed at step ${trainer.globalStep}` : 'new run');

const batch = 64;
while (trainer.globalStep < totalSteps) {
  const start = (trainer.globalStep * batch) % (labels.length - batch);
  const loss = await trainer.step(
    images.subarray(start * 784, (start + batch) * 784),
    labels.subarray(start, start + batch),
  );
  if (trainer.globalStep % 50 === 0) {
    await trainer.save(path); // atomic: a kill mid-save keeps the previous checkpoint
    console.log(`step ${trainer.globalStep}: loss ${loss.toFixed(4)}, saved ${path}`);
  }
}
await trainer.saveInferenceModel(join(tmpdir(), 'fashion-run.onnx'));
await trainer.release();
