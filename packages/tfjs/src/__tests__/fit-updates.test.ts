/**
 * End to end: model.fit with learningRateScheduler trains a small dense model for real, on the
 * cpu and wasm backends, with each of the seven tfjs optimizers. For every batch the weight
 * update must equal what the scheduled lr (and momentum / beta1) implies, computed in float64
 * from the batch's gradient by the optimizer's formula (reference-optimizers.ts), and the
 * logged lr must equal core's fromSpec(spec).lr(step), the numbers `cyclr values` prints.
 */
import { fromSpec, type PolicySpec } from '@cyclr/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { learningRateScheduler } from '../index.js';
import type { OptimizerKind } from '../optimizers.js';
import { BACKENDS, useBackend } from './backends.js';
import { ReferenceOptimizer } from './reference-optimizers.js';

const CONSTRUCTOR_LR = 0.5; // deliberately far from the schedule: it must be overwritten
const CONSTRUCTOR_MOMENTUM = 0.5;

const OPTIMIZERS: Record<OptimizerKind, { make: () => tf.Optimizer; cyclesMomentum: boolean }> = {
  sgd: { make: () => tf.train.sgd(CONSTRUCTOR_LR), cyclesMomentum: false },
  momentum: {
    make: () => tf.train.momentum(CONSTRUCTOR_LR, CONSTRUCTOR_MOMENTUM),
    cyclesMomentum: true,
  },
  adam: {
    make: () => tf.train.adam(CONSTRUCTOR_LR, CONSTRUCTOR_MOMENTUM, 0.999),
    cyclesMomentum: true,
  },
  adamax: {
    make: () => tf.train.adamax(CONSTRUCTOR_LR, CONSTRUCTOR_MOMENTUM, 0.999),
    cyclesMomentum: true,
  },
  rmsprop: {
    make: () => tf.train.rmsprop(CONSTRUCTOR_LR, 0.9, CONSTRUCTOR_MOMENTUM),
    cyclesMomentum: true,
  },
  adagrad: { make: () => tf.train.adagrad(CONSTRUCTOR_LR), cyclesMomentum: false },
  adadelta: { make: () => tf.train.adadelta(CONSTRUCTOR_LR, 0.95), cyclesMomentum: false },
};

// 12 rows, batch 4: three batches per epoch, two epochs, six scheduled updates.
const X = Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.7) * 1.5);
const Y = Array.from({ length: 24 }, (_, i) => Math.cos(i * 0.9));
const KERNEL = [0.3, -0.2, 0.5, 0.1, -0.4, 0.25];
const BIAS = [0.05, -0.1];
const BATCH = 4;
const EPOCHS = 2;
const STEPS = (12 / BATCH) * EPOCHS;

function specFor(cyclesMomentum: boolean): PolicySpec {
  const spec = { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 2 };
  return cyclesMomentum ? { ...spec, baseMomentum: 0.8, maxMomentum: 0.95 } : spec;
}

interface Record_ {
  before: Float64Array[];
  grads: Float64Array[];
  after?: Float64Array[];
  logs: { lr: unknown; momentum: unknown };
}

describe.each(BACKENDS)('model.fit on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(Object.keys(OPTIMIZERS) as OptimizerKind[])(
    '%s: each update is what the scheduled lr and momentum imply',
    async (kind) => {
      const { make, cyclesMomentum } = OPTIMIZERS[kind];
      const spec = specFor(cyclesMomentum);
      const schedule = fromSpec(spec);
      const optimizer = make();
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
      model.setWeights([tf.tensor2d(KERNEL, [3, 2]), tf.tensor1d(BIAS)]);
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const xs = tf.tensor2d(X, [12, 3]);
      const ys = tf.tensor2d(Y, [12, 2]);
      const records: Record_[] = [];

      const readWeights = () => model.getWeights().map((w) => Float64Array.from(w.dataSync()));
      const recorder = {
        onBatchBegin: (batch: number, logs?: tf.Logs) => {
          const grads = tf.tidy(() => {
            const x = xs.slice(batch * BATCH, BATCH);
            const y = ys.slice(batch * BATCH, BATCH);
            const [kernel, bias] = model.getWeights() as [tf.Tensor2D, tf.Tensor1D];
            const loss = (k: tf.Tensor, b: tf.Tensor) =>
              tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, k as tf.Tensor2D), b), y)));
            return tf.grads(loss)([kernel, bias]);
          });
          records.push({
            before: readWeights(),
            grads: grads.map((g) => Float64Array.from(g.dataSync())),
            logs: { lr: logs?.lr, momentum: logs?.momentum },
          });
          tf.dispose(grads);
        },
        onBatchEnd: () => {
          (records.at(-1) as Record_).after = readWeights();
        },
      };

      const history = await model.fit(xs, ys, {
        epochs: EPOCHS,
        batchSize: BATCH,
        shuffle: false,
        verbose: 0,
        callbacks: [learningRateScheduler(spec, { model }), recorder],
      });

      const o = optimizer as unknown as { epsilon?: number; beta2?: number; decay?: number };
      const reference = new ReferenceOptimizer(kind, {
        beta1: CONSTRUCTOR_MOMENTUM,
        beta2: o.beta2 ?? 0.999,
        epsilon: kind === 'adagrad' ? tf.backend().epsilon() : (o.epsilon ?? 0),
        rho: 0.95,
        decay: o.decay ?? 0,
        initialAccumulatorValue: 0.1,
      });

      expect(records).toHaveLength(STEPS);
      const lrs = new Set<number>();
      records.forEach((record, step) => {
        const lr = schedule.lr(step);
        const momentum = schedule.momentum?.(step);
        lrs.add(lr);
        // Logged values are exactly core's (what `cyclr values` prints), not float32 copies.
        expect(record.logs.lr).toBe(lr);
        expect(record.logs.momentum).toBe(momentum);
        const expected = reference.step(record.before, record.grads, {
          lr,
          momentum: momentum ?? CONSTRUCTOR_MOMENTUM,
        });
        expected.forEach((values, v) => {
          const before = record.before[v] as Float64Array;
          const after = record.after?.[v] as Float64Array;
          values.forEach((value, k) => {
            const update = value - (before[k] as number);
            const error = Math.abs((after[k] as number) - value);
            // float32 tolerance: the weights are O(1) and the updates O(lr).
            expect(error, `${kind} step ${step} var ${v}[${k}]`).toBeLessThanOrEqual(
              2e-6 + 1e-4 * Math.abs(update),
            );
          });
        });
      });
      expect(lrs.size).toBeGreaterThan(2);
      // Epoch logs carry the values of the epoch's last batch, so History has them.
      expect(history.history.lr).toEqual([schedule.lr(2), schedule.lr(5)]);
      if (cyclesMomentum) {
        expect(history.history.momentum).toEqual([schedule.momentum?.(2), schedule.momentum?.(5)]);
      }
      tf.dispose([xs, ys]);
      model.dispose();
    },
  );
});
