// The new layers in a trained model: conv -> layerNorm -> gelu on the Fashion-MNIST slice
// (the train step runs LayerNormalization with its Mean/InvStdDev outputs, the exported
// model without them).
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  conv2d,
  dense,
  flatten,
  gelu,
  layerNorm,
  maxPool2d,
  OnnxTrainer,
  sequential,
} from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';

const train = fashion('train');

describe('training with layerNorm and gelu', () => {
  it('the loss falls with AdamW, and the exported model scores what evaluate() does', async () => {
    const trainer = await OnnxTrainer.create({
      model: sequential({
        inputShape: [1, 28, 28],
        layers: [
          conv2d(4, { kernelSize: 3, strides: 2 }),
          layerNorm({ axis: 1 }),
          gelu(),
          maxPool2d(),
          flatten(),
          layerNorm(),
          dense(10),
        ],
      }),
      optimizer: { type: 'adamw' },
      schedule: { policy: 'constant', lr: 1e-2 },
      seed: 3,
    });
    const losses: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let start = 0; start < train.rows; start += 64) {
        const b = batchOf(train, start, 64);
        losses.push(await trainer.step(b.inputs, b.labels));
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 4)) * 0.8);

    const test = fashion('test');
    const { accuracy } = await trainer.evaluate(test.inputs, test.labels);
    const session = await InferenceSession.create(await trainer.exportInferenceModel());
    const out = await session.run({
      input: new Tensor('float32', test.inputs, [test.rows, 1, 28, 28]),
    });
    const logits = out.logits?.data as Float32Array;
    let correct = 0;
    for (let r = 0; r < test.rows; r++) {
      const row = Array.from(logits.subarray(r * 10, r * 10 + 10));
      if (row.indexOf(Math.max(...row)) === test.labels[r]) correct++;
    }
    expect(correct / test.rows).toBe(accuracy);
    expect(accuracy).toBeGreaterThan(0.5); // chance is 0.1
    await session.release();
    await trainer.release();
  });
});
