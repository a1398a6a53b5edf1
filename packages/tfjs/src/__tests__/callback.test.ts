import { fromSpec } from '@cyclr/core';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LearningRateScheduler, learningRateScheduler } from '../index.js';
import { useBackend } from './backends.js';

const CLR = { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 4 };
const CLR_MOMENTUM = { ...CLR, baseMomentum: 0.8, maxMomentum: 0.95 };
const schedule = fromSpec(CLR);

// 10 rows at batch 4: batches of 4, 4, 2, so three updates per epoch.
const PER_EPOCH = 3;
let disposables: { dispose(): void }[] = [];

function setup(optimizer: tf.Optimizer = tf.train.sgd(0.5)) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const xs = tf.randomNormal([10, 2], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([10, 1], 0, 1, 'float32', 2);
  disposables.push(model, xs, ys);
  return { model, xs, ys };
}

/** A plain callback recording the lr logged for every batch. */
function lrRecorder() {
  const lrs: unknown[] = [];
  return { lrs, onBatchBegin: (_: number, logs?: tf.Logs) => void lrs.push(logs?.lr) };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

beforeAll(() => useBackend('cpu'));
afterEach(() => {
  for (const d of disposables) d.dispose();
  disposables = [];
});

describe('learningRateScheduler', () => {
  it('keeps one global step across epochs and across fit calls', async () => {
    const { model, xs, ys } = setup();
    const scheduler = learningRateScheduler(CLR, { model });
    const rec = lrRecorder();
    const fitArgs = { batchSize: 4, shuffle: false, verbose: 0 as const };
    await model.fit(xs, ys, { ...fitArgs, epochs: 2, callbacks: [scheduler, rec] });
    expect(scheduler.step).toBe(2 * PER_EPOCH);
    await model.fit(xs, ys, { ...fitArgs, epochs: 1, callbacks: [scheduler, rec] });
    expect(rec.lrs).toEqual(range(0, 3 * PER_EPOCH).map(schedule.lr));
    expect(scheduler.last).toEqual({ lr: schedule.lr(3 * PER_EPOCH - 1) });
  });

  it('resumes from initialEpoch at initialEpoch x batches per epoch', async () => {
    const { model, xs, ys } = setup();
    const rec = lrRecorder();
    await model.fit(xs, ys, {
      batchSize: 4,
      epochs: 4,
      initialEpoch: 2,
      verbose: 0,
      callbacks: [learningRateScheduler(CLR, { model }), rec],
    });
    expect(rec.lrs).toEqual(range(2 * PER_EPOCH, 4 * PER_EPOCH).map(schedule.lr));
  });

  it('resumes from an explicit startStep', async () => {
    const { model, xs, ys } = setup();
    const rec = lrRecorder();
    await model.fit(xs, ys, {
      batchSize: 4,
      epochs: 1,
      verbose: 0,
      callbacks: [learningRateScheduler(CLR, { model, startStep: 5 }), rec],
    });
    expect(rec.lrs).toEqual(range(5, 5 + PER_EPOCH).map(schedule.lr));
  });

  it('fitDataset: resumes with batchesPerEpoch as the epoch length', async () => {
    const { model, xs, ys } = setup();
    const dataset = tf.data
      .zip({ xs: tf.data.array(xs.unstack()), ys: tf.data.array(ys.unstack()) })
      .batch(2)
      .repeat();
    const rec = lrRecorder();
    const history = await model.fitDataset(dataset as tf.data.Dataset<tf.TensorContainer>, {
      epochs: 3,
      initialEpoch: 1,
      batchesPerEpoch: 5,
      verbose: 0,
      callbacks: [learningRateScheduler(CLR, { model }), rec],
    });
    expect(rec.lrs).toEqual(range(5, 15).map(schedule.lr));
    expect(history.history.lr).toEqual([schedule.lr(9), schedule.lr(14)]);
  });

  it("updateEvery: 'epoch' sets one value per epoch, indexed by epoch", async () => {
    const { model, xs, ys } = setup(tf.train.momentum(0.5, 0.5));
    const rec = lrRecorder();
    const epochSchedule = fromSpec({ ...CLR_MOMENTUM, stepSize: 2 });
    const history = await model.fit(xs, ys, {
      batchSize: 4,
      epochs: 4,
      verbose: 0,
      callbacks: [learningRateScheduler(epochSchedule, { model, updateEvery: 'epoch' }), rec],
    });
    expect(rec.lrs).toEqual(range(0, 4).flatMap((e) => Array(PER_EPOCH).fill(epochSchedule.lr(e))));
    expect(history.history.lr).toEqual(range(0, 4).map(epochSchedule.lr));
    expect(history.history.momentum).toEqual(range(0, 4).map((e) => epochSchedule.momentum?.(e)));
    expect((model.optimizer as unknown as { learningRate: number }).learningRate).toBe(
      epochSchedule.lr(3),
    );
  });

  it('works after a tfjs Callback in the array, taking the model from setModel', async () => {
    const { model, xs, ys } = setup();
    const scheduler = learningRateScheduler(CLR);
    await model.fit(xs, ys, {
      batchSize: 4,
      epochs: 1,
      verbose: 0,
      callbacks: [
        tf.callbacks.earlyStopping({ patience: 100 }),
        scheduler as unknown as tf.CustomCallback,
      ],
    });
    expect(scheduler.step).toBe(PER_EPOCH);
    expect((model.optimizer as unknown as { learningRate: number }).learningRate).toBe(
      schedule.lr(PER_EPOCH - 1),
    );
  });

  it('fails fit with a specific message when it cannot do what was asked', async () => {
    const { model, xs, ys } = setup(tf.train.sgd(0.1));
    const fitArgs = { epochs: 1, batchSize: 4, verbose: 0 as const };
    await expect(
      model.fit(xs, ys, { ...fitArgs, callbacks: learningRateScheduler(CLR) }),
    ).rejects.toThrow('learningRateScheduler: expected the model, got none');
    await expect(
      model.fit(xs, ys, { ...fitArgs, callbacks: learningRateScheduler(CLR_MOMENTUM, { model }) }),
    ).rejects.toThrow('cycles momentum, but the sgd optimizer has no momentum or beta1');
    const lrOnly = learningRateScheduler(CLR_MOMENTUM, { model, cycleMomentum: false });
    await model.fit(xs, ys, { ...fitArgs, callbacks: lrOnly });
    expect(lrOnly.last).toEqual({ lr: schedule.lr(PER_EPOCH - 1) });
  });

  it('rejects bad arguments eagerly', () => {
    expect(() => learningRateScheduler(CLR, { updateEvery: 'step' as 'batch' })).toThrow(
      'learningRateScheduler: expected updateEvery to be "batch" or "epoch", got "step"',
    );
    expect(() => learningRateScheduler(CLR, { startStep: -1 })).toThrow(
      'learningRateScheduler: expected startStep to be an integer >= 0, got -1',
    );
    expect(() => learningRateScheduler(CLR, { stepsPerEpoch: 0 })).toThrow(
      'learningRateScheduler: expected stepsPerEpoch to be an integer >= 1, got 0',
    );
    expect(() => learningRateScheduler({ policy: 'triangulr' })).toThrow(
      /did you mean "triangular"/,
    );
  });

  it('type-checks as model.fit callbacks, alone or among plain callbacks', () => {
    const scheduler: LearningRateScheduler = learningRateScheduler(CLR);
    const alone: tf.ModelFitArgs = { callbacks: scheduler };
    const many: tf.ModelFitArgs = { callbacks: [scheduler, lrRecorder()] };
    const dataset: tf.ModelFitDatasetArgs<unknown> = { epochs: 1, callbacks: scheduler };
    expect([alone, many, dataset]).toHaveLength(3);
  });
});
