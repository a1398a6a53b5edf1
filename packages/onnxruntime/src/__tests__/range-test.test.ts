import { fromSpec, type RangeTestTrainer } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { dense, type OnnxTrainer, relu, sequential } from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';
import { maxRelativeError, ortGradients } from './helpers/run-gradients.js';

const train = fashion('train');
const spec = { policy: 'oneCycle', maxLr: 0.01, totalSteps: 6 } as const;

// What reaches the train-step graph, measured: a step's weight change against a host (double)
// replay of the optimizer at the lr and momentum it should have been fed, on the gradients the
// separate gradient graph (buildGradientGraph) computes at the trainer's current weights.
const architecture = sequential({
  inputShape: [784],
  layers: [dense(32, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
}).build(1);
const gradientsAt = async (
  weights: Record<string, Float32Array>,
  b: { inputs: Float32Array; labels: Uint8Array },
) => {
  const model = {
    ...architecture,
    params: architecture.params.map((p) => ({ ...p, data: weights[p.name] as Float32Array })),
  };
  return (await ortGradients(model, b.inputs, [b.labels.length, 784], Array.from(b.labels))).grads;
};
/** Largest |measured - expected| update relative to the largest expected update, over all params. */
const updateError = (
  before: Record<string, Float32Array>,
  after: Record<string, Float32Array>,
  expected: Record<string, Float64Array>,
) =>
  Math.max(
    ...Object.keys(expected).map((name) => {
      const old = before[name] as Float32Array;
      const measured = Float64Array.from(
        after[name] as Float32Array,
        (w, i) => w - (old[i] as number),
      );
      return maxRelativeError(measured, expected[name] as Float64Array);
    }),
  );

describe('asRangeTestTrainer', () => {
  it('steps at the given lr, snapshots/restores exactly and passes evaluate through', async () => {
    const trainer = await mlpTrainer({ optimizer: { type: 'sgd', momentum: 0.9 } });
    const reference = await mlpTrainer({ optimizer: { type: 'sgd', momentum: 0.9 } });
    let next = 0;
    const rt: RangeTestTrainer = trainer.asRangeTestTrainer({
      nextBatch: () => batchOf(train, (next++ % 8) * 32, 32),
      evaluate: () => 0.5,
    });
    const start = await rt.snapshot();
    const losses: number[] = [];
    // The first step's update is -lr x gradient (the velocity starts at 0).
    const before = trainer.parameters();
    const grads = await gradientsAt(before, batchOf(train, 0, 32));
    losses.push(await rt.step(1e-4));
    const expected = Object.fromEntries(
      Object.entries(grads).map(([name, g]) => [name, Float64Array.from(g, (x) => -1e-4 * x)]),
    );
    expect(updateError(before, trainer.parameters(), expected)).toBeLessThan(1e-2);
    for (const lr of [1e-3, 1e-2]) losses.push(await rt.step(lr));
    // The same updates through stepWith at the same lrs and momentum give the same losses.
    for (const [i, lr] of [1e-4, 1e-3, 1e-2].entries()) {
      const b = batchOf(train, i * 32, 32);
      expect(
        await reference.stepWith(b.inputs, b.labels, { learningRate: lr, momentum: 0.9 }),
      ).toBe(losses[i]);
    }
    expect(trainer.parameters()).toEqual(reference.parameters());
    expect(await rt.evaluate?.()).toBe(0.5);
    // A diverging rate returns a non-finite or huge loss instead of throwing; restore undoes it all.
    const divergent: number[] = [];
    for (let i = 0; i < 5; i++) divergent.push(await rt.step(1e6));
    expect(divergent.some((loss) => !Number.isFinite(loss) || loss > 100)).toBe(true);
    await rt.restore(start);
    expect(trainer.globalStep).toBe(0);
    const fresh = await mlpTrainer();
    expect(trainer.parameters()).toEqual(fresh.parameters());
    await Promise.all([trainer.release(), reference.release(), fresh.release()]);
  });
});

describe('schedules with momentum', () => {
  const schedule = fromSpec(spec);
  /** Trains 3 steps and checks each one's weight change against `replay`'s expected update. */
  const expectUpdates = async (
    trainer: OnnxTrainer,
    replay: (name: string, gradient: Float32Array, step: number) => Float64Array,
  ) => {
    for (let step = 0; step < 3; step++) {
      const b = batchOf(train, step * 16, 16);
      const before = trainer.parameters();
      const grads = await gradientsAt(before, b);
      const expected = Object.fromEntries(
        Object.entries(grads).map(([name, g]) => [name, replay(name, g, step)]),
      );
      await trainer.step(b.inputs, b.labels);
      expect(updateError(before, trainer.parameters(), expected)).toBeLessThan(1e-2);
    }
    await trainer.release();
  };

  it('feeds oneCycle momentum as SGD momentum and the lr, step by step', async () => {
    const trainer = await mlpTrainer({ optimizer: { type: 'sgd', momentum: 0.5 }, schedule: spec });
    const velocity: Record<string, Float64Array> = {};
    await expectUpdates(trainer, (name, g, step) => {
      const momentum = schedule.momentum?.(step) as number;
      const v = velocity[name] ?? new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) v[i] = momentum * (v[i] as number) + (g[i] as number);
      velocity[name] = v;
      return v.map((x) => -schedule.lr(step) * x);
    });
  });

  it('feeds oneCycle momentum as Adam beta1 and the lr, step by step', async () => {
    const trainer = await mlpTrainer({ optimizer: { type: 'adam' }, schedule: spec });
    const [beta2, epsilon] = [0.999, 1e-8];
    const m: Record<string, Float64Array> = {};
    const v: Record<string, Float64Array> = {};
    await expectUpdates(trainer, (name, g, step) => {
      const t = step + 1;
      const beta1 = schedule.momentum?.(step) as number;
      const mt = m[name] ?? new Float64Array(g.length);
      const vt = v[name] ?? new Float64Array(g.length);
      m[name] = mt;
      v[name] = vt;
      return Float64Array.from(g, (gi, i) => {
        mt[i] = beta1 * (mt[i] as number) + (1 - beta1) * gi;
        vt[i] = beta2 * (vt[i] as number) + (1 - beta2) * gi * gi;
        const denom = Math.sqrt(vt[i] as number) / Math.sqrt(1 - beta2 ** t) + epsilon;
        return (-schedule.lr(step) / (1 - beta1 ** t)) * ((mt[i] as number) / denom);
      });
    });
  });

  it('without a momentum schedule feeds the optimizer momentum', async () => {
    const plain = await mlpTrainer({
      optimizer: { type: 'sgd', momentum: 0.7 },
      schedule: { policy: 'constant', lr: 0.1 },
    });
    expect(plain.hyperParameters(5)).toEqual({ learningRate: 0.1, momentum: 0.7 });
    await plain.release();
  });
});
