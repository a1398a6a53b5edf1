import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindSchedule, learningRateScheduler, rangeTestTrainer } from '../index.js';
import { useBackend } from './backends.js';

const CLR = { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 4 };

beforeAll(() => useBackend('cpu'));

describe('unknown option keys are refused with the nearest valid name', () => {
  it('learningRateScheduler', () => {
    expect(() => learningRateScheduler(CLR, { updateEvrey: 'epoch' } as never)).toThrow(
      'learningRateScheduler: unknown option "updateEvrey" (did you mean "updateEvery"?); expected one of model, updateEvery, startStep, stepsPerEpoch, cycleMomentum',
    );
    expect(() => learningRateScheduler(CLR, { stepsPerEpoch: 3, startStep: 0 })).not.toThrow();
  });

  it('bindSchedule and rangeTestTrainer', () => {
    const optimizer = tf.train.sgd(0.1);
    expect(() => bindSchedule(optimizer, CLR, { cycleMomentun: false } as never)).toThrow(
      /bindSchedule: unknown option "cycleMomentun" \(did you mean "cycleMomentum"\?\)/,
    );
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const xs = tf.zeros([4, 2]);
    const ys = tf.zeros([4, 1]);
    expect(() =>
      rangeTestTrainer(model, { xs, ys, batchSize: 2 }, { validationDat: [xs, ys] } as never),
    ).toThrow(
      /rangeTestTrainer: unknown option "validationDat" \(did you mean "validationData"\?\)/,
    );
    model.dispose();
    tf.dispose([xs, ys]);
  });
});
