import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindBundle, type OptimizerKind, schedulableNames } from '../index.js';
import { useBackend } from './backends.js';

// Which fields tfjs really reads, measured by the weight update: two identical optimizers take
// one identical step; then one gets a new value for a field, and both take two more steps. The
// field is read iff the updates differ. (Two, because Adadelta's second update is exactly the
// gradient whatever rho and epsilon are: its two accumulators are still equal then.) Two fields tfjs does not read every step are the
// negative controls, showing the measurement can tell.
const make: Record<OptimizerKind, () => tf.Optimizer> = {
  sgd: () => tf.train.sgd(0.1),
  momentum: () => tf.train.momentum(0.1, 0.9),
  adam: () => tf.train.adam(0.1, 0.9, 0.999, 1e-7),
  adamax: () => tf.train.adamax(0.1, 0.9, 0.999, 1e-7),
  rmsprop: () => tf.train.rmsprop(0.1, 0.9, 0.9, 1e-7),
  adagrad: () => tf.train.adagrad(0.1),
  adadelta: () => tf.train.adadelta(0.1, 0.95, 1e-7),
};
const newValue: Record<string, number> = {
  lr: 0.05,
  momentum: 0.5,
  beta1: 0.5,
  beta2: 0.9,
  epsilon: 0.5,
  rho: 0.5,
};

/** Weights after three steps; `between` runs on the optimizer after the first. */
function threeSteps(kind: OptimizerKind, between: (optimizer: tf.Optimizer) => void): number[] {
  return tf.tidy(() => {
    const optimizer = make[kind]();
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const g = tf.tensor1d([0.3, -0.1, 0.7]);
    optimizer.applyGradients({ [w.name]: g });
    between(optimizer);
    optimizer.applyGradients({ [w.name]: tf.mul(g, 0.5) as tf.Tensor });
    optimizer.applyGradients({ [w.name]: tf.mul(g, -0.25) as tf.Tensor });
    const out = Array.from(w.dataSync());
    w.dispose();
    optimizer.dispose();
    return out;
  });
}

beforeAll(() => useBackend('cpu'));

describe('bindBundle writes the fields tfjs reads (measured by the weight update)', () => {
  for (const kind of Object.keys(make) as OptimizerKind[]) {
    for (const name of schedulableNames(kind)) {
      it(`${kind}: ${name}`, () => {
        const untouched = threeSteps(kind, () => {});
        const scheduled = threeSteps(kind, (optimizer) => {
          bindBundle(optimizer, {
            [name]: { policy: 'constant', lr: newValue[name] as number },
          }).apply(1);
        });
        expect(scheduled).not.toEqual(untouched);
      });
    }
  }

  it('negative controls: fields tfjs does not read per step change nothing', () => {
    const untouched = threeSteps('adagrad', () => {});
    const control = threeSteps('adagrad', (o) => {
      (o as unknown as { initialAccumulatorValue: number }).initialAccumulatorValue = 5;
    });
    expect(control).toEqual(untouched);
    const momentumField = threeSteps('momentum', (o) => {
      (o as unknown as { momentum: number }).momentum = 0.5; // the frozen scalar m is what counts
    });
    expect(momentumField).toEqual(threeSteps('momentum', () => {}));
    // Adadelta reads rho and epsilon, yet its updates do not depend on them (see bind-bundle.ts).
    const adadelta = threeSteps('adadelta', () => {});
    const rho = threeSteps('adadelta', (o) => {
      Object.assign(o, { rho: 0.5, epsilon: 0.5 });
    });
    expect(rho).toEqual(adadelta);
  });

  it('refuses what the optimizer cannot take, naming what it can', () => {
    const wd = {
      lr: { policy: 'constant', lr: 0.1 },
      weightDecay: { policy: 'constant', lr: 1e-4 },
    };
    expect(() => bindBundle(tf.train.adam(), wd)).toThrow(
      'bindBundle: the adam optimizer of tfjs does not read "weightDecay" (no tfjs optimizer has weight decay; add it to the loss, or use @cyclr/onnxruntime); it takes lr, momentum, beta1, beta2, epsilon',
    );
    expect(() =>
      bindBundle(tf.train.sgd(0.1), { lr: { policy: 'oneCycle', maxLr: 0.1, totalSteps: 10 } }),
    ).toThrow('bindBundle: the sgd optimizer of tfjs does not read "momentum"');
    expect(() =>
      bindBundle(tf.train.adam(), {
        momentum: { policy: 'constant', lr: 0.9 },
        beta1: { policy: 'constant', lr: 0.9 },
      }),
    ).toThrow('expected one of momentum and beta1');
  });

  it('applies every value of the bundle at the step', () => {
    const optimizer = tf.train.adam();
    const binding = bindBundle(optimizer, {
      lr: { policy: 'oneCycle', maxLr: 0.01, totalSteps: 100 },
      beta2: { policy: 'linear', lr: 0.99, startFactor: 1, endFactor: 0.5, totalSteps: 100 },
    });
    const values = binding.apply(50);
    const fields = optimizer as unknown as { learningRate: number; beta1: number; beta2: number };
    expect([fields.learningRate, fields.beta1, fields.beta2]).toEqual([
      values.lr,
      values.momentum,
      values.beta2,
    ]);
    optimizer.dispose();
  });
});
