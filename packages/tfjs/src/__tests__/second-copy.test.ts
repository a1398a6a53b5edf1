/**
 * A second copy of tfjs-core and tfjs-layers in the same process (two versions in
 * node_modules, or a bundle plus node_modules) breaks `instanceof` between them. Here the
 * model and optimizer come from a second copy loaded by busting Node's require cache, while
 * @cyclr/tfjs uses the first: scheduling must still work.
 */
import { createRequire } from 'node:module';
import { fromSpec } from '@cyclr/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it, vi } from 'vitest';
import { bindSchedule, learningRateScheduler, rangeTestTrainer } from '../index.js';
import { useBackend } from './backends.js';

type Tf = typeof tf;
const require = createRequire(import.meta.url);

function loadSecondCopy(): Tf {
  const paths = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'].map((p) => require.resolve(p));
  const saved = paths.map((p) => require.cache[p]);
  for (const p of paths) delete require.cache[p];
  // The second copy re-registers tfjs's gradients and says so; that noise is expected here.
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    const core = require(paths[0] as string);
    const layers = require(paths[1] as string);
    return { ...core, ...layers } as Tf;
  } finally {
    warn.mockRestore();
    paths.forEach((p, i) => {
      if (saved[i]) require.cache[p] = saved[i];
    });
  }
}

const SPEC = {
  policy: 'triangular',
  baseLr: 0.01,
  maxLr: 0.1,
  stepSize: 2,
  baseMomentum: 0.8,
  maxMomentum: 0.95,
};
let other: Tf;

beforeAll(async () => {
  await useBackend('cpu');
  other = loadSecondCopy();
});

function modelFromSecondCopy() {
  const model = other.sequential({ layers: [other.layers.dense({ units: 1, inputShape: [2] })] });
  const optimizer = other.train.momentum(0.5, 0.5);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return { model, optimizer };
}

it('really is a second copy', () => {
  const { model, optimizer } = modelFromSecondCopy();
  expect(other.LayersModel).not.toBe(tf.LayersModel);
  expect(model instanceof tf.LayersModel).toBe(false);
  expect(optimizer.constructor).not.toBe(tf.MomentumOptimizer);
  model.dispose();
});

it('learningRateScheduler drives a model and optimizer of the second copy', async () => {
  const { model, optimizer } = modelFromSecondCopy();
  const schedule = fromSpec(SPEC);
  const xs = tf.randomNormal([8, 2], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([8, 1], 0, 1, 'float32', 2);
  const lrs: unknown[] = [];
  await model.fit(xs, ys, {
    epochs: 2,
    batchSize: 4,
    verbose: 0,
    callbacks: [
      learningRateScheduler(SPEC, { model }),
      { onBatchBegin: (_: number, logs?: tf.Logs) => void lrs.push(logs?.lr) },
    ],
  });
  expect(lrs).toEqual([0, 1, 2, 3].map(schedule.lr));
  const o = optimizer as unknown as { learningRate: number; m: tf.Scalar };
  expect(o.learningRate).toBe(schedule.lr(3));
  expect(o.m.dataSync()[0]).toBeCloseTo(schedule.momentum?.(3) as number, 6);
  // A tfjs Callback of that copy first: tfjs then calls setModel on the scheduler.
  const scheduler = learningRateScheduler(SPEC);
  await model.fit(xs, ys, {
    epochs: 1,
    batchSize: 4,
    verbose: 0,
    callbacks: [
      other.callbacks.earlyStopping({ monitor: 'loss', patience: 9 }),
      scheduler as never,
    ],
  });
  expect(scheduler.step).toBe(2);
  tf.dispose([xs, ys]);
  model.dispose();
});

it('bindSchedule and rangeTestTrainer accept the second copy too', async () => {
  const { model, optimizer } = modelFromSecondCopy();
  expect(bindSchedule(optimizer, SPEC).apply(1)).toEqual({
    lr: fromSpec(SPEC).lr(1),
    momentum: fromSpec(SPEC).momentum?.(1),
  });
  const xs = tf.randomNormal([8, 2], 0, 1, 'float32', 3);
  const ys = tf.randomNormal([8, 1], 0, 1, 'float32', 4);
  const trainer = rangeTestTrainer(model, { xs, ys, batchSize: 4 });
  const before = model.getWeights().map((w) => Array.from(w.dataSync()));
  const snapshot = await trainer.snapshot();
  await trainer.step(0.1);
  await trainer.restore(snapshot);
  expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
  trainer.dispose();
  tf.dispose([xs, ys]);
  model.dispose();
});
