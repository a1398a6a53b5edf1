// A small CNN with every layer type trains on the Fashion-MNIST slice.
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
import { exportedAccuracy, fashion, lossRatio, trainEpochs } from './helpers/fashion.js';

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
    const losses = await trainEpochs(trainer, train, 2);
    expect(lossRatio(losses)).toBeLessThan(0.8);

    // The exported model (Dropout is the identity there) predicts what evaluate() scored.
    const test = fashion('test');
    const { accuracy } = await trainer.evaluate(test.inputs, test.labels);
    expect(await exportedAccuracy(trainer, test)).toBe(accuracy);
    await trainer.release();
  });
});
