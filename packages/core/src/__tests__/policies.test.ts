import { describe, expect, it } from 'vitest';
import {
  clamp,
  constant,
  cosine,
  cosineRestarts,
  exponential,
  fromSpec,
  linear,
  listPolicies,
  multiStep,
  oneCycle,
  polynomial,
  ScheduleError,
  scale,
  sequence,
  step,
  triangular,
  warmup,
} from '../index.js';

// Hand-checked values: the TSDoc examples, computed from the formulas by hand.
describe('decays: documented examples', () => {
  it('step', () => {
    const s = step({ lr: 0.1, stepSize: 30 });
    expect([s.lr(0), s.lr(29)]).toEqual([0.1, 0.1]);
    expect(s.lr(30)).toBeCloseTo(0.01, 17);
    expect(s.lr(60)).toBeCloseTo(0.001, 17);
    expect(s.lr(29.9)).toBe(0.1);
    expect(s.totalSteps).toBeUndefined();
  });
  it('multiStep', () => {
    const s = multiStep({ lr: 0.1, milestones: [30, 80] });
    expect([s.lr(29), s.lr(30), s.lr(79)]).toEqual([0.1, 0.1 * 0.1, 0.1 * 0.1]);
    expect(s.lr(80)).toBeCloseTo(0.001, 18);
    expect(s.lr(1e9)).toBeCloseTo(0.001, 18);
  });
  it('exponential', () => {
    const s = exponential({ lr: 0.1, gamma: 0.99 });
    expect(s.lr(0)).toBe(0.1);
    expect(s.lr(100)).toBeCloseTo(0.1 * 0.99 ** 100, 18);
  });
  it('cosine', () => {
    const s = cosine({ lr: 0.1, totalSteps: 100 });
    expect(s.lr(0)).toBe(0.1);
    expect(s.lr(50)).toBeCloseTo(0.05, 16);
    expect(s.lr(100)).toBe(0);
  });
  it('cosineRestarts restarts after 10, 10 + 20, 10 + 20 + 40 steps', () => {
    const s = cosineRestarts({ lr: 0.1, firstCycleSteps: 10, cycleMult: 2 });
    for (const restart of [0, 10, 30, 70, 150, 310]) {
      expect(s.lr(restart)).toBe(0.1);
      if (restart > 0) expect(s.lr(restart - 1)).toBeLessThan(0.01);
    }
    expect(s.lr(5)).toBeCloseTo(0.05, 16);
    expect(s.lr(20)).toBeCloseTo(0.05, 16);
    // A restart deep into the run, where log(t) / log(cycleMult) rounds below an integer.
    const deep = cosineRestarts({ lr: 1, firstCycleSteps: 1, cycleMult: 2 });
    for (let n = 1; n < 50; n++) expect(deep.lr(2 ** n - 1)).toBe(1);
  });
  it('polynomial (PyTorch docstring example)', () => {
    const s = polynomial({ lr: 0.001, totalSteps: 4 });
    expect([0, 1, 2, 3, 4, 5].map((t) => s.lr(t))).toEqual([0.001, 0.00075, 0.0005, 0.00025, 0, 0]);
  });
  it('linear (PyTorch docstring example)', () => {
    const s = linear({ lr: 0.05, startFactor: 0.5, totalSteps: 4 });
    const expected = [0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05];
    for (const [t, value] of expected.entries()) expect(s.lr(t)).toBeCloseTo(value, 16);
    expect(linear({ lr: 0.3 }).lr(0)).toBeCloseTo(0.1, 16);
  });
});

describe('oneCycle', () => {
  it('documented example', () => {
    const s = oneCycle({ maxLr: 0.1, totalSteps: 1000 });
    expect(s.lr(0)).toBeCloseTo(0.004, 16);
    expect(s.lr(299)).toBe(0.1);
    expect(s.lr(999)).toBeCloseTo(4e-7, 20);
    expect(s.momentum?.(0)).toBe(0.95);
    expect(s.momentum?.(299)).toBe(0.85);
    expect(s.totalSteps).toBe(1000);
  });
  it('three phases come back to the start rate at 2 * pctStart * totalSteps - 2', () => {
    const s = oneCycle({ maxLr: 0.1, totalSteps: 1000, threePhase: true, anneal: 'linear' });
    expect(s.lr(598)).toBeCloseTo(0.004, 16);
    expect(s.momentum?.(598)).toBeCloseTo(0.95, 16);
    expect(s.momentum?.(800)).toBeCloseTo(0.95, 16);
  });
  it('cycleMomentum: false leaves momentum alone', () => {
    expect(
      oneCycle({ maxLr: 0.1, totalSteps: 100, cycleMomentum: false }).momentum,
    ).toBeUndefined();
  });
});

describe('combinators: one-liners', () => {
  it('warmup + cosine', () => {
    const s = warmup({ warmupSteps: 100, schedule: cosine({ lr: 0.1, totalSteps: 900 }) });
    expect([s.lr(0), s.lr(50), s.lr(100), s.lr(1000)]).toEqual([0, 0.05, 0.1, 0]);
    expect(s.lr(550)).toBeCloseTo(0.05, 16);
    expect(s.totalSteps).toBe(1000);
    const fromTenth = warmup({ warmupSteps: 10, startFactor: 0.1, schedule: constant({ lr: 1 }) });
    expect(fromTenth.lr(0)).toBe(0.1);
    expect(fromTenth.lr(5)).toBeCloseTo(0.55, 15);
  });
  it('warmup-stable-decay (WSD)', () => {
    const s = fromSpec({
      policy: 'warmup',
      warmupSteps: 100,
      schedule: {
        policy: 'sequence',
        schedules: [
          { policy: 'constant', lr: 0.1 },
          { policy: 'linear', lr: 0.1, startFactor: 1, endFactor: 0, totalSteps: 200 },
        ],
        boundaries: [700],
      },
    });
    expect(s.lr(50)).toBeCloseTo(0.05, 16);
    expect(s.lr(100)).toBe(0.1);
    expect(s.lr(799)).toBe(0.1);
    expect(s.lr(800)).toBe(0.1);
    expect(s.lr(900)).toBeCloseTo(0.05, 16);
    expect(s.lr(1000)).toBe(0);
    expect(s.totalSteps).toBe(1000);
  });
  it('SGDR with a peak halved at every restart', () => {
    const s = scale({
      factor: step({ lr: 1, stepSize: 100, gamma: 0.5 }),
      schedule: cosineRestarts({ lr: 0.1, firstCycleSteps: 100 }),
    });
    for (const [cycle, peak] of [0.1, 0.05, 0.025, 0.0125].entries()) {
      expect(s.lr(cycle * 100)).toBeCloseTo(peak, 16);
    }
    expect(s.lr(250)).toBeCloseTo(0.0125, 16);
  });
  it('sequence: local time, momentum joined only when every part has it', () => {
    const cyclic = triangular({
      baseLr: 0.001,
      maxLr: 0.01,
      stepSize: 10,
      baseMomentum: 0.85,
      maxMomentum: 0.95,
    });
    const one = oneCycle({ maxLr: 0.01, totalSteps: 100 });
    const s = sequence({ schedules: [cyclic, one], boundaries: [40] });
    expect(s.lr(39)).toBe(cyclic.lr(39));
    expect(s.lr(40)).toBe(one.lr(0));
    expect(s.momentum?.(10)).toBe(0.85);
    expect(s.momentum?.(40)).toBe(0.95);
    expect(s.totalSteps).toBe(140);
    const mixed = sequence({ schedules: [cyclic, constant({ lr: 0.001 })], boundaries: [40] });
    expect(mixed.momentum).toBeUndefined();
    expect(mixed.totalSteps).toBeUndefined();
  });
  it('scale and clamp pass momentum through', () => {
    const one = oneCycle({ maxLr: 0.1, totalSteps: 100 });
    const s = clamp({ minLr: 0.001, maxLr: 0.05, schedule: scale({ factor: 2, schedule: one }) });
    expect(s.lr(29)).toBe(0.05);
    expect(s.lr(99)).toBe(0.001);
    expect(s.lr(0)).toBeCloseTo(0.008, 16);
    expect(s.momentum?.(29)).toBe(one.momentum?.(29));
    expect(s.totalSteps).toBe(100);
  });
  it('clamp caps a growing exponential', () => {
    const s = clamp({ maxLr: 1, schedule: exponential({ lr: 1e-6, gamma: 1.1 }) });
    expect(s.lr(1e6)).toBe(1);
  });
});

describe('validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'stepSize',
      { policy: 'step', lr: 0.1, stepSize: 2.5 },
      'step: expected stepSize to be a positive integer, got 2.5',
    ],
    [
      'gamma',
      { policy: 'step', lr: 0.1, stepSize: 2, gamma: Number.NaN },
      'step: expected gamma to be a positive number, got NaN',
    ],
    [
      'milestones',
      { policy: 'multiStep', lr: 0.1, milestones: [5, 5] },
      'multiStep: expected milestones to be a non-empty, strictly increasing list of positive integers, got [5, 5]',
    ],
    [
      'gamma',
      { policy: 'exponential', lr: 0.1 },
      'exponential: expected gamma to be a positive number, got nothing (it is required)',
    ],
    [
      'lr',
      { policy: 'cosine', lr: Number.POSITIVE_INFINITY, totalSteps: 10 },
      'cosine: expected lr to be a positive number, got Infinity',
    ],
    [
      'minLr',
      { policy: 'cosine', lr: 0.1, totalSteps: 10, minLr: 0.2 },
      'cosine: expected minLr <= lr (0.1), got 0.2',
    ],
    [
      'cycleMult',
      { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 10, cycleMult: 1.5 },
      'cosineRestarts: expected cycleMult to be a positive integer, got 1.5',
    ],
    [
      'power',
      { policy: 'polynomial', lr: 0.1, totalSteps: 10, power: 0 },
      'polynomial: expected power to be a positive number, got 0',
    ],
    [
      'startFactor',
      { policy: 'linear', lr: 0.1, startFactor: 0 },
      'linear: expected startFactor to be a number in (0, 1], got 0',
    ],
    [
      'endFactor',
      { policy: 'linear', lr: 0.1, endFactor: 1.5 },
      'linear: expected endFactor to be a number between 0 and 1, got 1.5',
    ],
    [
      'pctStart',
      { policy: 'oneCycle', maxLr: 0.1, totalSteps: 100, pctStart: 1 },
      'oneCycle: expected pctStart to be a number between 0 and 1 (exclusive), got 1',
    ],
    [
      'pctStart',
      { policy: 'oneCycle', maxLr: 0.1, totalSteps: 100, pctStart: 0.6, threePhase: true },
      'oneCycle: expected 2 * pctStart * totalSteps - 2 < totalSteps - 1 with threePhase (rise and fall must leave room for the last phase), got pctStart 0.6 with totalSteps 100',
    ],
    [
      'anneal',
      { policy: 'oneCycle', maxLr: 0.1, totalSteps: 100, anneal: 'cosine' },
      'oneCycle: expected anneal to be one of "cos", "linear", got "cosine"',
    ],
    [
      'maxMomentum',
      { policy: 'oneCycle', maxLr: 0.1, totalSteps: 100, maxMomentum: 1 },
      'oneCycle: expected maxMomentum to be a number in [0, 1), got 1',
    ],
    [
      'totalSteps',
      { policy: 'oneCycle', maxLr: 0.1, totalSteps: -5 },
      'oneCycle: expected totalSteps to be a positive integer, got -5',
    ],
    [
      'divFactor',
      { policy: 'oneCyle', maxLr: 0.1 },
      'oneCyle: unknown policy "oneCyle" (did you mean "oneCycle"?)',
    ],
    [
      'schedule',
      { policy: 'warmup', warmupSteps: 10 },
      'warmup: expected schedule to be a schedule or a policy spec ({ "policy": ... }), got nothing (it is required)',
    ],
    [
      'schedule',
      { policy: 'warmup', warmupSteps: 10, schedule: { policy: 'cosine', lr: 0.1, totalStep: 5 } },
      'warmup: in schedule: cosine: unknown parameter "totalStep" (did you mean "totalSteps"?)',
    ],
    [
      'boundaries',
      {
        policy: 'sequence',
        schedules: [
          { policy: 'constant', lr: 1 },
          { policy: 'constant', lr: 2 },
        ],
        boundaries: [],
      },
      'sequence: expected boundaries to have 1 entries (one fewer than schedules), got 0',
    ],
    [
      'factor',
      { policy: 'scale', factor: -1, schedule: { policy: 'constant', lr: 1 } },
      'scale: expected factor to be a positive number or a schedule spec, got -1',
    ],
    [
      'maxLr',
      { policy: 'clamp', minLr: 0.1, maxLr: 0.01, schedule: { policy: 'constant', lr: 1 } },
      'clamp: expected maxLr >= minLr (0.1), got 0.01',
    ],
  ];
  it.each(cases)('names %s', (paramName, spec, message) => {
    let error: unknown;
    try {
      fromSpec(spec as { policy: string });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScheduleError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    if (paramName !== 'divFactor') expect((error as ScheduleError).param).toBe(paramName);
  });
  it('rejects negative, NaN and infinite steps', () => {
    const s = cosine({ lr: 0.1, totalSteps: 10 });
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => s.lr(bad)).toThrow(ScheduleError);
    }
  });
});

describe('registry', () => {
  it('lists every policy of docs/architecture.md and the combinators', () => {
    expect(listPolicies().map((p) => p.name)).toEqual([
      'constant',
      'step',
      'multiStep',
      'exponential',
      'cosine',
      'cosineRestarts',
      'polynomial',
      'linear',
      'inverseSqrt',
      'inverseTime',
      'warmupStableDecay',
      'table',
      'triangular',
      'triangular2',
      'expRange',
      'cyclic',
      'oneCycle',
      'warmup',
      'sequence',
      'scale',
      'clamp',
      'noise',
    ]);
    for (const policy of listPolicies()) {
      expect(policy.summary.length).toBeGreaterThan(10);
      expect(policy.formula).toBeDefined();
      for (const def of Object.values(policy.params)) expect(def.doc.length).toBeGreaterThan(3);
    }
  });
  it('nested specs round-trip', () => {
    const spec = {
      policy: 'scale',
      factor: { policy: 'step', lr: 1, stepSize: 100, gamma: 0.5 },
      schedule: {
        policy: 'warmup',
        warmupSteps: 10,
        startFactor: 0,
        schedule: {
          policy: 'cosineRestarts',
          lr: 0.1,
          firstCycleSteps: 100,
          cycleMult: 2,
          minLr: 0,
          cycleDecay: 0.5,
        },
      },
    };
    expect(fromSpec(spec).toJSON()).toEqual(spec);
    expect(JSON.parse(JSON.stringify(fromSpec(spec)))).toEqual(spec);
  });
});
