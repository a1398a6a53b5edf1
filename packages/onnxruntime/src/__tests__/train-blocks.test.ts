// The new layers in a trained model: conv -> layerNorm -> gelu on the Fashion-MNIST slice
// (the train step runs LayerNormalization with its Mean/InvStdDev outputs, the exported
// model without them).
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
import { exportedAccuracy, fashion, lossRatio, trainEpochs } from './helpers/fashion.js';

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
    const losses = await trainEpochs(trainer, train, 3);
    expect(lossRatio(losses)).toBeLessThan(0.8);

    const test = fashion('test');
    const { accuracy } = await trainer.evaluate(test.inputs, test.labels);
    expect(await exportedAccuracy(trainer, test)).toBe(accuracy);
    expect(accuracy).toBeGreaterThan(0.5); // chance is 0.1
    await trainer.release();
  });
});
