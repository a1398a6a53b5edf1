import { describe, expect, it } from 'vitest';
import { bounds, type MetricCurve, rangeTest } from '../index.js';
import { loadFashionSlice } from './trainers/fashion.js';
import { mlpTrainer } from './trainers/mlp.js';

// A real model trained for real: a 196-32-10 MLP on the committed Fashion-MNIST slice.
describe('rangeTest on a real MLP (Fashion-MNIST slice)', () => {
  const { train, test } = loadFashionSlice();

  it('restores weights, velocity and data order exactly, and suggests a usable maxLr', async () => {
    const trainer = mlpTrainer({ train, test, dataSeed: 7 });
    trainer.step(0.01); // non-zero velocity, moved data cursor
    const before = trainer.snapshot() as { params: Float64Array; velocity: Float64Array };
    const result = await rangeTest(trainer, { evaluateEvery: 10 });
    const after = trainer.snapshot() as typeof before;
    expect(after.params.every((v, i) => Object.is(v, before.params[i]))).toBe(true);
    expect(after.velocity.every((v, i) => Object.is(v, before.velocity[i]))).toBe(true);
    // Replaying the next batch gives the same loss as it would have without the test.
    const replay = mlpTrainer({ train, test, dataSeed: 7 });
    replay.step(0.01);
    expect(trainer.step(0.01)).toBe(replay.step(0.01));

    // Measured in bench/robustness.ts: robust 0.055-0.098 over 20 seeds for this model.
    const robust = result.suggestions.robust?.lr as number;
    expect(robust).toBeGreaterThan(0.03);
    expect(robust).toBeLessThan(0.2);
    const edge = result.suggestions.edge?.lr as number;
    expect(edge).toBeGreaterThan(robust);
    // Usable: a fresh model trained at maxLr learns (the loss of its last 20 steps is well below
    // the first 20), while 8 x the edge, past where the test saw training fail, does not.
    const { maxLr } = bounds(result);
    const meanLoss = (losses: number[]) => losses.reduce((a, b) => a + b, 0) / losses.length;
    const trainAt = (lr: number) => {
      const fresh = mlpTrainer({ train, test, dataSeed: 7 });
      const losses = Array.from({ length: 150 }, () => fresh.step(lr));
      return { first: meanLoss(losses.slice(0, 20)), last: meanLoss(losses.slice(-20)) };
    };
    const atMax = trainAt(maxLr);
    expect(atMax.last).toBeLessThan(0.6 * atMax.first);
    const pastEdge = trainAt(8 * edge);
    expect(pastEdge.last >= 0.6 * pastEdge.first || !Number.isFinite(pastEdge.last)).toBe(true);

    // Smith's accuracy test: the bounds sit on the metric's rise. The raw evaluations (not the
    // fit the bounds come from) nearest maxLr beat the ones nearest baseLr by a wide margin.
    expect(result.metrics?.values.length).toBe(10);
    const metrics = result.metrics as MetricCurve;
    const accuracy = bounds(result, { from: 'accuracy' });
    const metricNear = (lr: number) => {
      const distances = metrics.lrs.map((at) => Math.abs(Math.log(at / lr)));
      return metrics.values[distances.indexOf(Math.min(...distances))] as number;
    };
    expect(metricNear(accuracy.maxLr) - metricNear(accuracy.baseLr)).toBeGreaterThan(0.2);
  });
});
