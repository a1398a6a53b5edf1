import { describe, expect, it } from 'vitest';
import {
  constant,
  fromFunction,
  fromSpec,
  type Schedule,
  ScheduleError,
  table,
  toSpec,
  warmup,
} from '../index.js';

const lookAlike: Schedule = {
  lr: () => 0.1,
  momentum: undefined,
  totalSteps: undefined,
  toJSON: () => ({ policy: 'constant', lr: 0.1 }),
};

describe('schedules are made by the library, not by shape', () => {
  it('fromSpec refuses an object that only looks like a schedule, and says what to use', () => {
    expect(() => fromSpec(lookAlike)).toThrow(ScheduleError);
    expect(() => fromSpec(lookAlike)).toThrow(/look-alike.*fromFunction/);
  });

  it('a combinator refuses a look-alike nested schedule, naming the parameter', () => {
    expect(() => warmup({ warmupSteps: 3, schedule: lookAlike })).toThrow(
      /^warmup: expected schedule to be a schedule made by @cyclr\/core/,
    );
  });

  it('a real schedule passes through fromSpec as itself', () => {
    const s = constant({ lr: 0.2 });
    expect(fromSpec(s)).toBe(s);
    expect(fromSpec(fromFunction(() => 1))).toBeDefined();
  });
});

describe('fromFunction', () => {
  const inverseSqrt = (step: number) => 0.1 / Math.sqrt(step + 1);

  it('evaluates the function with the step checks of every schedule', () => {
    const s = fromFunction(inverseSqrt, { momentum: () => 0.9, totalSteps: 1000 });
    expect(s.lr(3)).toBe(0.05);
    expect(s.momentum?.(7)).toBe(0.9);
    expect(s.totalSteps).toBe(1000);
    expect(() => s.lr(-1)).toThrow(
      /^fromFunction: expected step to be a finite number >= 0, got -1/,
    );
    expect(() => s.lr(Number.NaN)).toThrow(/got NaN/);
  });

  it('refuses a non-finite value from the function, naming the step', () => {
    const s = fromFunction((step) => (step < 2 ? 0.1 : Number.NaN));
    expect(s.lr(1)).toBe(0.1);
    expect(() => s.lr(2)).toThrow(
      'fromFunction: expected lr(2) to return a finite number, got NaN',
    );
  });

  it('toJSON throws: a function is not data', () => {
    const s = fromFunction(inverseSqrt);
    expect(() => toSpec(s)).toThrow(/made from a function, which is not data.*table/);
    expect(() => JSON.stringify(s)).toThrow(ScheduleError);
    // Nested in a combinator the schedule works, and the combinator cannot be written either.
    const warm = warmup({ warmupSteps: 2, schedule: s });
    expect(warm.lr(2)).toBe(0.1);
    expect(() => warm.toJSON()).toThrow(/not data/);
  });

  it('refuses bad arguments and unknown options with the nearest name', () => {
    expect(() => fromFunction(0.1 as unknown as () => number)).toThrow(
      'fromFunction: expected lr to be a function of the step, got 0.1',
    );
    expect(() =>
      fromFunction(inverseSqrt, { totalStep: 10 } as unknown as { totalSteps: number }),
    ).toThrow(/unknown option "totalStep" \(did you mean "totalSteps"\?\)/);
    expect(() => fromFunction(inverseSqrt, { totalSteps: 0 })).toThrow(
      'fromFunction: expected totalSteps to be a positive integer, got 0',
    );
  });
});

describe('table', () => {
  it('holds values[k] from boundaries[k-1] to the next boundary, then the last for ever', () => {
    const s = table({ values: [0.1, 0.05, 0.01], boundaries: [100, 150] });
    const at = [0, 99, 99.5, 100, 149, 150, 1e6].map((t) => s.lr(t));
    expect(at).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.01, 0.01]);
    expect(s.totalSteps).toBe(151);
    expect(s.momentum).toBeUndefined();
  });

  it('without boundaries, value t is the rate of step t', () => {
    const s = table({ values: [0.3, 0.2, 0.1], momentum: [0.8, 0.85, 0.9] });
    expect([0, 1, 2, 3, 40].map((t) => s.lr(t))).toEqual([0.3, 0.2, 0.1, 0.1, 0.1]);
    expect([0, 1, 1.7, 2, 9].map((t) => s.momentum?.(t))).toEqual([0.8, 0.85, 0.85, 0.9, 0.9]);
    expect(s.totalSteps).toBe(3);
  });

  it('binary search agrees with a linear scan on a long table', () => {
    const boundaries = Array.from({ length: 200 }, (_, k) => 3 * k + 1 + (k % 2));
    const values = Array.from({ length: 201 }, (_, k) => k / 1000);
    const s = table({ values, boundaries });
    for (let t = 0; t < 700; t++) {
      const expected = values[boundaries.filter((b) => b <= t).length];
      expect(s.lr(t), `step ${t}`).toBe(expected);
    }
  });

  it('is data: its spec reads back to the same values', () => {
    const spec = { policy: 'table', values: [0.1, 0.02], boundaries: [5], momentum: [0.9, 0.95] };
    const s = fromSpec(spec);
    expect(toSpec(s)).toEqual(spec);
    expect(JSON.parse(JSON.stringify(s))).toEqual(spec);
  });

  it('refuses mismatched lengths and bad entries, naming the parameter', () => {
    expect(() => table({ values: [0.1, 0.2], boundaries: [3, 4] })).toThrow(
      'table: expected boundaries to have one fewer entry than values (1), got 2',
    );
    expect(() => table({ values: [0.1, 0.2], momentum: [0.9] })).toThrow(
      'table: expected momentum to have one entry per value (2), got 1',
    );
    expect(() => table({ values: [] })).toThrow(
      'table: expected values to be a non-empty list of finite numbers >= 0, got []',
    );
    expect(() => table({ values: [0.1, -1] })).toThrow(/values.*got \[0\.1, -1\]/);
    expect(() => table({ values: [0.1], momentum: [1] })).toThrow(/momentum.*\[0, 1\)/);
  });
});
