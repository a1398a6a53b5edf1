import type { RangeTestTrainer } from '@cyclr/core/trainer';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bindSchedule, rangeTestTrainer } from '../index.js';
import type { OptimizerKind } from '../optimizers.js';
import { useBackend } from './backends.js';

const MAKERS: Record<OptimizerKind, () => tf.Optimizer> = {
  sgd: () => tf.train.sgd(0.1),
  momentum: () => tf.train.momentum(0.1, 0.9, true),
  adam: () => tf.train.adam(0.01),
  adamax: () => tf.train.adamax(0.01),
  rmsprop: () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true),
  adagrad: () => tf.train.adagrad(0.1),
  adadelta: () => tf.train.adadelta(1),
};
const LRS = [0.001, 0.01, 0.03, 0.1];
let disposables: { dispose(): void }[] = [];

function setup(kind: OptimizerKind, seed = 7) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 4,
        inputShape: [3],
        activation: 'tanh',
        kernelInitializer: tf.initializers.glorotNormal({ seed }),
      }),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }),
      }),
    ],
  });
  model.compile({
    optimizer: MAKERS[kind](),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  // 8 rows at batch 4: two batches, so an even number of steps brings the data back to row 0.
  const xs = tf.randomNormal([8, 3], 0, 1, 'float32', seed);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 1, 0, 1, 0, 0, 1], 'int32'), 2);
  disposables.push(model, xs, ys);
  return { model, xs, ys };
}

async function run(trainer: RangeTestTrainer, lrs: number[]): Promise<number[]> {
  const losses: number[] = [];
  for (const lr of lrs) losses.push(await trainer.step(lr));
  return losses;
}

/** Every optimizer field and model weight, as plain numbers, to compare states exactly. */
function fullState(model: tf.LayersModel): unknown {
  const read = (v: unknown): unknown => {
    if (v instanceof tf.Tensor) return Array.from(v.dataSync());
    if (Array.isArray(v))
      return v.map((s) => (s ? { name: s.originalName, value: read(s.variable) } : s));
    return typeof v === 'function' ? undefined : v;
  };
  const optimizer = Object.fromEntries(
    Object.entries(model.optimizer).map(([key, value]) => [key, read(value)]),
  );
  return { weights: model.getWeights().map((w) => Array.from(w.dataSync())), optimizer };
}

beforeAll(() => useBackend('cpu'));
afterEach(() => {
  for (const d of disposables) d.dispose();
  disposables = [];
});

describe('rangeTestTrainer', () => {
  it.each(Object.keys(MAKERS) as OptimizerKind[])(
    '%s: restore puts weights and every optimizer slot back exactly',
    async (kind) => {
      const { model, xs, ys } = setup(kind);
      const trainer = rangeTestTrainer(model, { xs, ys, batchSize: 4 });
      await run(trainer, [0.01, 0.01]); // slots exist now
      const saved = fullState(model);
      const snapshot = await trainer.snapshot();
      const first = await run(trainer, LRS);
      expect(fullState(model)).not.toEqual(saved);
      await trainer.restore(snapshot);
      expect(fullState(model)).toEqual(saved);
      // Same data, same rates, same optimizer state: bit-identical losses.
      expect(await run(trainer, LRS)).toEqual(first);
      trainer.dispose();
    },
  );

  it.each(Object.keys(MAKERS) as OptimizerKind[])(
    '%s: restoring a snapshot taken before the first step disposes the slots created since',
    async (kind) => {
      const { model, xs, ys } = setup(kind);
      const trainer = rangeTestTrainer(model, { xs, ys, batchSize: 4 });
      const tensorsBefore = tf.memory().numTensors;
      const saved = fullState(model);
      const snapshot = await trainer.snapshot();
      const withSnapshot = tf.memory().numTensors;
      await run(trainer, LRS);
      await trainer.restore(snapshot);
      expect(fullState(model)).toEqual(saved);
      expect(tf.memory().numTensors).toBe(withSnapshot);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    },
  );

  it('restores beta1 and momentum a schedule changed, and Adam bias correction with them', async () => {
    const { model, xs, ys } = setup('adam');
    const binding = bindSchedule(model.optimizer, {
      policy: 'triangular',
      baseLr: 0.001,
      maxLr: 0.01,
      stepSize: 2,
      baseMomentum: 0.8,
      maxMomentum: 0.95,
    });
    const trainer = rangeTestTrainer(model, { xs, ys, batchSize: 4 });
    for (let step = 0; step < 2; step++) {
      binding.apply(step);
      await trainer.step(binding.schedule.lr(step));
    }
    const saved = fullState(model);
    const snapshot = await trainer.snapshot();
    binding.apply(5);
    await run(trainer, LRS);
    await trainer.restore(snapshot);
    expect(fullState(model)).toEqual(saved);
    trainer.dispose();
  });

  it('reads a tf.data.Dataset, restarting it when exhausted, and evaluates', async () => {
    const { model, xs, ys } = setup('adam');
    const dataset = tf.data
      .zip({ xs: tf.data.array(xs.unstack()), ys: tf.data.array(ys.unstack()) })
      .batch(4);
    const trainer = rangeTestTrainer(model, dataset, { validationData: [xs, ys] });
    await trainer.step(0.01); // creates Adam's slots
    const before = tf.memory().numTensors;
    const losses = await run(trainer, [0.01, 0.01, 0.01, 0.01, 0.01]);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before); // batches are disposed after their step
    const accuracy = await trainer.evaluate?.();
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad input with specific messages', async () => {
    const { model, xs, ys } = setup('sgd');
    expect(() => rangeTestTrainer(model, { xs, ys, batchSize: 0 })).toThrow(
      'rangeTestTrainer: expected batchSize to be a positive integer, got 0',
    );
    const trainer = rangeTestTrainer(model, { xs, ys, batchSize: 4 });
    await expect(trainer.step(Number.NaN)).rejects.toThrow(
      'rangeTestTrainer.step: expected lr to be a finite number >= 0, got NaN',
    );
    await expect(trainer.restore({})).rejects.toThrow(
      'rangeTestTrainer.restore: expected a snapshot taken by this trainer',
    );
  });
});
