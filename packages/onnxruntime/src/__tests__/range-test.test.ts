import type { RangeTestTrainer } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';

const train = fashion('train');

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
    for (const lr of [1e-4, 1e-3, 1e-2]) losses.push(await rt.step(lr));
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
  it('feeds oneCycle momentum as Adam beta1 and SGD momentum, step by step', async () => {
    const { fromSpec } = await import('@cyclr/core');
    const spec = { policy: 'oneCycle', maxLr: 0.01, totalSteps: 6 };
    const schedule = fromSpec(spec);
    for (const optimizer of [{ type: 'adam' as const }, { type: 'sgd' as const, momentum: 0.5 }]) {
      const trainer = await mlpTrainer({ optimizer, schedule: spec });
      for (let step = 0; step < 3; step++) {
        expect(trainer.hyperParameters()).toEqual({
          learningRate: schedule.lr(step),
          momentum: schedule.momentum?.(step),
        });
        const b = batchOf(train, step * 16, 16);
        await trainer.step(b.inputs, b.labels);
      }
      await trainer.release();
    }
    // Without a momentum schedule the optimizer's own value is fed.
    const plain = await mlpTrainer({
      optimizer: { type: 'sgd', momentum: 0.7 },
      schedule: { policy: 'constant', lr: 0.1 },
    });
    expect(plain.hyperParameters(5)).toEqual({ learningRate: 0.1, momentum: 0.7 });
    await plain.release();
  });
});
