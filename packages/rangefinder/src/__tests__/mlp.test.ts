import { describe, expect, it } from 'vitest';
import { bounds, rangeTest } from '../index.js';
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
    const { baseLr, maxLr } = bounds(result);
    expect(maxLr).toBe(Math.max(edge / 4, 2 * robust));
    expect(baseLr).toBeCloseTo(maxLr / 4, 15);
    expect(bounds(result, { suggestion: 'robust' }).maxLr).toBe(2 * robust);

    // Smith's accuracy test: the metric rises somewhere in the sweep.
    expect(result.metrics?.values.length).toBe(10);
    const accuracy = bounds(result, { from: 'accuracy' });
    expect(accuracy.baseLr).toBeLessThan(accuracy.maxLr);
    expect(Math.max(...(result.metrics?.values ?? []))).toBeGreaterThan(0.5);
  });
});
