// LearningRateSchedulerCallback (@cyclr/tfjs/layers): a tfjs Callback, so it may come first in
// the callbacks array before tfjs's own callbacks (issue 12, item 8).

import { fromSpec } from '@cyclr/core';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { learningRateScheduler } from '../index.js';
import { LearningRateSchedulerCallback } from '../layers-callback.js';
import { useBackend } from './backends.js';

const CLR = { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 4 };
const schedule = fromSpec(CLR);
// 10 rows at batch 4: three updates per epoch.
const PER_EPOCH = 3;
let disposables: { dispose(): void }[] = [];

function setup() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
  const xs = tf.randomNormal([10, 2], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([10, 1], 0, 1, 'float32', 2);
  disposables.push(model, xs, ys);
  return { model, xs, ys };
}

/** Stops after the first epoch that does not improve the loss by 1e9: after epoch 2 of any run. */
const stopSoon = () => tf.callbacks.earlyStopping({ monitor: 'loss', minDelta: 1e9, patience: 0 });

beforeAll(() => useBackend('cpu'));
afterEach(() => {
  for (const d of disposables) d.dispose();
  disposables = [];
});

describe('LearningRateSchedulerCallback', () => {
  it('comes first before tfjs EarlyStopping: both work, the lr of every batch is exact', async () => {
    const { model, xs, ys } = setup();
    const callback = new LearningRateSchedulerCallback(CLR);
    const lrs: unknown[] = [];
    const history = await model.fit(xs, ys, {
      batchSize: 4,
      epochs: 10,
      verbose: 0,
      callbacks: [
        callback,
        stopSoon(),
        new tf.CustomCallback({ onBatchBegin: async (_, logs) => void lrs.push(logs?.lr) }),
      ],
    });
    // EarlyStopping ran as itself (a wrapped one throws "getMonitorValue is not a function").
    expect(history.epoch).toEqual([0, 1]);
    expect(callback.step).toBe(2 * PER_EPOCH);
    expect(lrs).toEqual(Array.from({ length: 2 * PER_EPOCH }, (_, i) => schedule.lr(i)));
    expect((model.optimizer as unknown as { learningRate: number }).learningRate).toBe(
      schedule.lr(2 * PER_EPOCH - 1),
    );
    expect(history.history.lr).toEqual([
      schedule.lr(PER_EPOCH - 1),
      schedule.lr(2 * PER_EPOCH - 1),
    ]);
  });

  it('takes the model from tfjs (no { model } needed) and works after a tfjs callback too', async () => {
    const { model, xs, ys } = setup();
    const callback = new LearningRateSchedulerCallback(CLR);
    const history = await model.fit(xs, ys, {
      batchSize: 4,
      epochs: 10,
      verbose: 0,
      callbacks: [stopSoon(), callback],
    });
    expect(history.epoch).toEqual([0, 1]);
    expect(callback.last).toEqual({ lr: schedule.lr(2 * PER_EPOCH - 1) });
  });

  it('is what the plain scheduler cannot be: first in the array, the plain one breaks tfjs callbacks', async () => {
    const { model, xs, ys } = setup();
    const plain = learningRateScheduler(CLR, { model });
    await expect(
      model.fit(xs, ys, {
        batchSize: 4,
        epochs: 3,
        verbose: 0,
        callbacks: [plain as unknown as tf.CustomCallback, stopSoon()],
      }),
    ).rejects.toThrow('getMonitorValue is not a function');
  });

  it('refuses unknown options as the plain scheduler does', () => {
    expect(() => new LearningRateSchedulerCallback(CLR, { updateEvry: 'epoch' } as never)).toThrow(
      /updateEvry.*updateEvery/,
    );
  });
});
