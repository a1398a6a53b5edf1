import { fromSpec } from '@cyclr/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindSchedule, optimizerKind } from '../index.js';
import type { OptimizerKind } from '../optimizers.js';
import { useBackend } from './backends.js';

const CLR = { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 5 };
const CLR_MOMENTUM = { ...CLR, baseMomentum: 0.8, maxMomentum: 0.95 };

const MAKERS: Record<OptimizerKind, () => tf.Optimizer> = {
  sgd: () => tf.train.sgd(0.5),
  momentum: () => tf.train.momentum(0.5, 0.5),
  adam: () => tf.train.adam(0.5),
  adamax: () => tf.train.adamax(0.5),
  rmsprop: () => tf.train.rmsprop(0.5),
  adagrad: () => tf.train.adagrad(0.5),
  adadelta: () => tf.train.adadelta(0.5),
};
const WITH_MOMENTUM: OptimizerKind[] = ['momentum', 'adam', 'adamax', 'rmsprop'];
const WITHOUT_MOMENTUM: OptimizerKind[] = ['sgd', 'adagrad', 'adadelta'];

beforeAll(() => useBackend('cpu'));

describe('bindSchedule in a custom loop', () => {
  it('sgd: each minimize step moves the variable by -lr x gradient', () => {
    const schedule = fromSpec(CLR);
    const optimizer = tf.train.sgd(0.5);
    const binding = bindSchedule(optimizer, schedule);
    const w = tf.variable(tf.scalar(3));
    for (let step = 0; step < 12; step++) {
      const before = w.dataSync()[0] as number;
      expect(binding.apply(step)).toEqual({ lr: schedule.lr(step) });
      // loss = w^2 / 2, so the gradient is w.
      optimizer.minimize(() => tf.mul(tf.square(w), 0.5) as tf.Scalar);
      const after = w.dataSync()[0] as number;
      expect(after).toBeCloseTo(before - schedule.lr(step) * before, 6);
    }
    w.dispose();
    optimizer.dispose();
  });

  it('momentum: the accumulation uses the scheduled momentum, not the constructor value', () => {
    const schedule = fromSpec(CLR_MOMENTUM);
    const optimizer = tf.train.momentum(0.5, 0.5);
    const binding = bindSchedule(optimizer, schedule);
    expect(binding.momentumTarget).toBe('momentum');
    const w = tf.variable(tf.scalar(2));
    let acc = 0;
    let expected = 2;
    for (let step = 0; step < 12; step++) {
      const { lr, momentum } = binding.apply(step);
      expect(momentum).toBe(schedule.momentum?.(step));
      optimizer.minimize(() => tf.mul(tf.square(w), 0.5) as tf.Scalar);
      acc = (momentum as number) * acc + expected;
      expected -= lr * acc;
      expect(w.dataSync()[0]).toBeCloseTo(expected, 5);
    }
    w.dispose();
    optimizer.dispose();
  });

  it.each(WITH_MOMENTUM)('%s: reports where momentum goes', (kind) => {
    const binding = bindSchedule(MAKERS[kind](), CLR_MOMENTUM);
    expect(binding.optimizerKind).toBe(kind);
    expect(binding.momentumTarget).toBe(
      kind === 'adam' || kind === 'adamax' ? 'beta1' : 'momentum',
    );
  });

  it.each(WITHOUT_MOMENTUM)('%s: a momentum-cycling schedule is a clear error', (kind) => {
    expect(() => bindSchedule(MAKERS[kind](), CLR_MOMENTUM)).toThrow(
      `bindSchedule: the schedule (triangular) cycles momentum, but the ${kind} optimizer has no momentum or beta1`,
    );
    const binding = bindSchedule(MAKERS[kind](), CLR_MOMENTUM, { cycleMomentum: false });
    expect(binding.momentumTarget).toBeUndefined();
    expect(binding.apply(3)).toEqual({ lr: fromSpec(CLR).lr(3) });
  });

  it('rejects what is not a tfjs optimizer, and bad specs, eagerly', () => {
    expect(() => bindSchedule({ getClassName: () => 'Nadam' }, CLR)).toThrow(
      "bindSchedule: expected optimizer to be one of tfjs's sgd, momentum, adam, adamax, rmsprop, adagrad or adadelta optimizers, got Nadam",
    );
    expect(() => bindSchedule(tf.train.sgd(0.1), { policy: 'triangular', baseLr: 0.1 })).toThrow(
      /triangular: expected maxLr/,
    );
    expect(() =>
      bindSchedule(tf.train.sgd(0.1), CLR, { cycleMomentum: 'yes' as unknown as boolean }),
    ).toThrow('bindSchedule: expected cycleMomentum to be a boolean, got yes');
  });

  it('detects optimizers by class name, or by their fields when renamed', () => {
    for (const [kind, make] of Object.entries(MAKERS)) expect(optimizerKind(make())).toBe(kind);
    class RenamedAdam extends tf.AdamOptimizer {
      static override get className() {
        return 'MyAdam';
      }
    }
    class RenamedMomentum extends tf.MomentumOptimizer {
      static override get className() {
        return 'MyMomentum';
      }
    }
    expect(optimizerKind(new RenamedAdam(0.1, 0.9, 0.999))).toBe('adam');
    expect(optimizerKind(new RenamedMomentum(0.1, 0.9))).toBe('momentum');
  });
});

describe('no tensor leaks', () => {
  it.each(Object.keys(MAKERS) as OptimizerKind[])(
    '%s: numTensors after 10,000 scheduled steps equals numTensors after 10',
    (kind) => {
      const optimizer = MAKERS[kind]();
      const spec = WITH_MOMENTUM.includes(kind) ? CLR_MOMENTUM : CLR;
      const binding = bindSchedule(optimizer, spec);
      const w = tf.variable(tf.tensor1d([1, -1]));
      const loss = () => tf.sum(tf.square(w)) as tf.Scalar;
      const run = (from: number, to: number) => {
        for (let step = from; step < to; step++) {
          binding.apply(step);
          optimizer.minimize(loss);
        }
      };
      run(0, 10);
      const after10 = tf.memory().numTensors;
      run(10, 10_000);
      expect(tf.memory().numTensors).toBe(after10);
      w.dispose();
      optimizer.dispose();
    },
  );
});
