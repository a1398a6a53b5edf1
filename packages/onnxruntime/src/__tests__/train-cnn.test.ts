// A small CNN with every layer type trains on the Fashion-MNIST slice.
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  avgPool2d,
  conv2d,
  dense,
  dropout,
  flatten,
  maxPool2d,
  OnnxTrainer,
  relu,
  sequential,
  tanh,
} from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';

const train = fashion('train');

describe('training a CNN', () => {
  it('conv, pools, dropout, tanh: the loss falls with AdamW', async () => {
    const trainer = await OnnxTrainer.create({
      model: sequential({
        inputShape: [1, 28, 28],
        layers: [
          conv2d(4, { kernelSize: 3, padding: 'same' }),
          relu(),
          maxPool2d(),
          conv2d(8, { kernelSize: 3, strides: 2 }),
          tanh(),
          avgPool2d(),
          flatten(),
          dropout(0.2),
          dense(10),
        ],
      }),
      optimizer: { type: 'adamw' },
      schedule: { policy: 'constant', lr: 2e-2 },
      seed: 3,
    });
    const losses: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let start = 0; start < train.rows; start += 64) {
        const b = batchOf(train, start, 64);
        losses.push(await trainer.step(b.inputs, b.labels));
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 4)) * 0.8);

    // The exported model (Dropout is the identity there) predicts what evaluate() scored.
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
    await session.release();
    await trainer.release();
  });
});
