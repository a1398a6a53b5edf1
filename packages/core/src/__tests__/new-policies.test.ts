import { describe, expect, it } from 'vitest';
import { cosineRestarts, inverseSqrt, inverseTime, warmupStableDecay } from '../index.js';

// The @example values in the TSDoc of inverseSqrt, inverseTime, warmupStableDecay and cosineRestarts' cycleDecay, hand-checked.
describe('documented examples', () => {
  it('inverseSqrt: lr * t / W, then lr / sqrt(t / W)', () => {
    const s = inverseSqrt({ lr: 0.001, warmupSteps: 4000 });
    expect(s.lr(2000)).toBeCloseTo(0.0005, 15);
    expect(s.lr(4000)).toBe(0.001);
    expect(s.lr(16000)).toBeCloseTo(0.0005, 15);
    expect(s.toJSON()).toEqual({
      policy: 'inverseSqrt',
      lr: 0.001,
      warmupSteps: 4000,
      timescale: 4000,
    });
    expect(inverseSqrt({ lr: 1 }).toJSON()).toMatchObject({ warmupSteps: 0, timescale: 10_000 });
  });

  it('inverseTime: lr / (1 + rate * t / steps), staircase floors', () => {
    const s = inverseTime({ lr: 0.1, decaySteps: 100, decayRate: 0.5 });
    expect(s.lr(100)).toBeCloseTo(0.1 / 1.5, 15);
    expect(s.lr(200)).toBeCloseTo(0.05, 15);
    const stairs = inverseTime({ lr: 0.1, decaySteps: 100, decayRate: 0.5, staircase: true });
    expect(stairs.lr(199)).toBe(stairs.lr(100));
    expect(stairs.lr(99)).toBe(0.1);
  });

  it('warmupStableDecay: up, flat, half-cosine down, held', () => {
    const s = warmupStableDecay({ lr: 0.1, warmupSteps: 100, stableSteps: 700, decaySteps: 200 });
    expect(s.lr(50)).toBeCloseTo(0.05, 15);
    expect(s.lr(500)).toBe(0.1);
    expect(s.lr(900)).toBeCloseTo(0.05, 15);
    expect(s.lr(1000)).toBe(0);
    expect(s.lr(5000)).toBe(0);
    expect(s.totalSteps).toBe(1000);
  });

  it('cosineRestarts with cycleDecay halves the peak at every restart', () => {
    const d = cosineRestarts({ lr: 0.1, firstCycleSteps: 10, cycleDecay: 0.5 });
    expect(d.lr(10)).toBeCloseTo(0.05, 15);
    expect(d.lr(20)).toBeCloseTo(0.025, 15);
    expect(() => cosineRestarts({ lr: 0.1, firstCycleSteps: 10, cycleDecay: 1.5 })).toThrow(
      'cosineRestarts: expected cycleDecay to be a number in (0, 1], got 1.5',
    );
  });
});
