import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bindSchedule, disposeOptimizer } from '../index.js';
import { useBackend } from './backends.js';

const MAKERS: Record<string, () => tf.Optimizer> = {
  sgd: () => tf.train.sgd(0.1),
  momentum: () => tf.train.momentum(0.1, 0.9),
  adam: () => tf.train.adam(0.01),
  adamax: () => tf.train.adamax(0.01),
  rmsprop: () => tf.train.rmsprop(0.01, 0.9, 0.5),
  adagrad: () => tf.train.adagrad(0.1),
  adadelta: () => tf.train.adadelta(1),
};

/** A compiled model trained a few steps under a cyclic schedule, then freed with its optimizer. */
async function trainAndFree(kind: string, make: () => tf.Optimizer) {
  const optimizer = make();
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 2, inputShape: [3], useBias: true })],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const binding = bindSchedule(
    optimizer,
    { policy: 'oneCycle', maxLr: 0.1, totalSteps: 6 },
    { cycleMomentum: ['momentum', 'adam', 'adamax', 'rmsprop'].includes(kind) },
  );
  const xs = tf.ones([4, 3]);
  const ys = tf.zeros([4, 2]);
  for (let step = 0; step < 6; step++) {
    binding.apply(step);
    await model.trainOnBatch(xs, ys);
  }
  xs.dispose();
  ys.dispose();
  model.dispose();
  disposeOptimizer(optimizer);
}

describe('disposeOptimizer', () => {
  it.each(Object.keys(MAKERS))('%s: frees every tensor the optimizer held', async (kind) => {
    await useBackend('cpu');
    const make = MAKERS[kind] as () => tf.Optimizer;
    const before = tf.memory().numTensors;
    await trainAndFree(kind, make);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("frees what tfjs's own momentum dispose() leaves (its lr scalar)", async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const optimizer = tf.train.momentum(0.1, 0.9);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before + 1);
    disposeOptimizer(optimizer);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the function on bad input', () => {
    expect(() => disposeOptimizer(null as never)).toThrow(
      'disposeOptimizer: expected optimizer to be a tfjs optimizer, got null',
    );
  });
});
