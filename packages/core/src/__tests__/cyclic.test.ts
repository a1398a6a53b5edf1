import { describe, expect, it } from 'vitest';
import { expRange, fromSpec, ScheduleError, triangular, triangular2 } from '../index.js';

// Hand-checked values from the CLR paper's formula (Smith 2017, section 3.1):
// cycle = floor(1 + t / (2 stepsize)), x = |t / stepsize - 2 cycle + 1|,
// lr = base + (max - base) * max(0, 1 - x) * scale.
describe('triangular family: paper formula, hand-checked', () => {
  const bounds = { baseLr: 0.001, maxLr: 0.006, stepSize: 2000 };
  it('triangular rises and falls linearly', () => {
    const s = triangular(bounds);
    expect(s.lr(0)).toBe(0.001);
    expect(s.lr(1000)).toBeCloseTo(0.0035, 15);
    expect(s.lr(2000)).toBeCloseTo(0.006, 15);
    expect(s.lr(3000)).toBeCloseTo(0.0035, 15);
    expect(s.lr(4000)).toBeCloseTo(0.001, 15);
    expect(s.momentum).toBeUndefined();
  });
  it('triangular2 halves the amplitude every cycle', () => {
    const s = triangular2(bounds);
    expect(s.lr(2000)).toBeCloseTo(0.006, 15);
    expect(s.lr(6000)).toBeCloseTo(0.0035, 15);
    expect(s.lr(10000)).toBeCloseTo(0.00225, 15);
  });
  it('expRange scales the amplitude by gamma^t', () => {
    const s = expRange({ ...bounds, gamma: 0.99994 });
    expect(s.lr(2000)).toBeCloseTo(0.001 + 0.005 * 0.99994 ** 2000, 15);
  });
  it('cycles momentum inversely when both bounds are given', () => {
    const s = triangular({ ...bounds, baseMomentum: 0.85, maxMomentum: 0.95 });
    expect(s.momentum?.(0)).toBeCloseTo(0.95, 15);
    expect(s.momentum?.(2000)).toBeCloseTo(0.85, 15);
  });
});

describe('validation', () => {
  it('rejects maxLr < baseLr', () => {
    expect(() => triangular({ baseLr: 0.1, maxLr: 0.01 })).toThrow(
      'triangular: expected maxLr >= baseLr (0.1), got 0.01',
    );
  });
  it('suggests the nearest parameter name for a typo', () => {
    expect(() => fromSpec({ policy: 'triangular', baseLr: 0.1, maxLR: 1 })).toThrow(
      /did you mean "maxLr"/,
    );
  });
  it('throws a typed error naming the parameter', () => {
    try {
      fromSpec({ policy: 'triangular', baseLr: 0.1, maxLr: 1, stepSize: 0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleError);
      expect((error as ScheduleError).param).toBe('stepSize');
      expect((error as Error).message).toBe(
        'triangular: expected stepSize to be a positive integer, got 0',
      );
    }
  });
});

describe('spec round trip', () => {
  it('spec -> schedule -> spec', () => {
    const spec = {
      policy: 'triangular2',
      baseLr: 0.001,
      maxLr: 0.006,
      stepSize: 10,
      stepSizeDown: 20,
    };
    expect(fromSpec(spec).toJSON()).toEqual(spec);
  });
});
