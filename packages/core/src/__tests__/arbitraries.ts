import fc from 'fast-check';
import type { PolicySpec } from '../index.js';

/** A random valid spec, with what the property tests need to know about it. */
export interface Generated {
  readonly spec: PolicySpec;
  /** The exact formula can reach 0 (a decay to 0, a warm-up from 0). */
  readonly mayBeZero: boolean;
}

const lr = fc.double({ min: 1e-6, max: 10, noNaN: true });
const steps = (max: number) => fc.integer({ min: 1, max });
// A factor in [0, 1] that is either exactly 0 or large enough not to underflow a product.
const factor = fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1, noNaN: true }));
const momentumPair = fc
  .tuple(
    fc.double({ min: 0, max: 0.999, noNaN: true }),
    fc.double({ min: 0, max: 0.999, noNaN: true }),
  )
  .map(([a, b]): readonly [number, number] => (a <= b ? [a, b] : [b, a]));

const gen = (spec: PolicySpec, mayBeZero = false): Generated => ({ spec, mayBeZero });

/** Decays: policies whose rate never rises with the step. */
export const decaySpec: fc.Arbitrary<Generated> = fc.oneof(
  fc
    .record({
      lr,
      timescale: fc.option(fc.double({ min: 1, max: 1e5, noNaN: true }), { nil: undefined }),
    })
    .map(({ timescale, ...p }) =>
      gen({ policy: 'inverseSqrt', ...p, ...(timescale === undefined ? {} : { timescale }) }),
    ),
  fc
    .record({
      lr,
      decaySteps: fc.double({ min: 0.5, max: 1e4, noNaN: true }),
      decayRate: fc.double({ min: 1e-3, max: 10, noNaN: true }),
      staircase: fc.boolean(),
    })
    .map((p) => gen({ policy: 'inverseTime', ...p })),
  fc
    .record({ lr, stepSize: steps(1000), gamma: fc.double({ min: 0.1, max: 1, noNaN: true }) })
    .map((p) => gen({ policy: 'step', ...p })),
  fc
    .record({
      lr,
      milestones: fc.uniqueArray(steps(10_000), { minLength: 1, maxLength: 8 }),
      gamma: fc.double({ min: 0.1, max: 1, noNaN: true }),
    })
    .map(({ milestones, ...p }) =>
      gen({ policy: 'multiStep', ...p, milestones: [...milestones].sort((a, b) => a - b) }),
    ),
  fc
    .record({ lr, gamma: fc.double({ min: 0.5, max: 1, noNaN: true }) })
    .map((p) => gen({ policy: 'exponential', ...p })),
  fc
    .record({ lr, totalSteps: steps(100_000), minFraction: factor })
    .map(({ lr: peak, totalSteps, minFraction }) =>
      gen(
        { policy: 'cosine', lr: peak, totalSteps, minLr: peak * minFraction },
        peak * minFraction === 0,
      ),
    ),
  fc
    .record({ lr, totalSteps: steps(100_000), power: fc.double({ min: 0.1, max: 5, noNaN: true }) })
    .map((p) => gen({ policy: 'polynomial', ...p }, true)),
  fc
    .record({
      lr,
      a: fc.double({ min: 1e-3, max: 1, noNaN: true }),
      b: factor,
      totalSteps: steps(10_000),
    })
    .map(({ lr: base, a, b, totalSteps }) =>
      gen(
        {
          policy: 'linear',
          lr: base,
          startFactor: Math.max(a, b),
          endFactor: Math.min(a, b),
          totalSteps,
        },
        Math.min(a, b) === 0,
      ),
    ),
);

const cyclicBounds = fc
  .record({
    baseLr: lr,
    ratio: fc.double({ min: 1, max: 100, noNaN: true }),
    stepSize: steps(5000),
    stepSizeDown: fc.option(steps(5000), { nil: undefined }),
    momentum: fc.option(momentumPair, { nil: undefined }),
  })
  .map(({ baseLr, ratio, stepSize, stepSizeDown, momentum }) => ({
    baseLr,
    maxLr: baseLr * ratio,
    stepSize,
    ...(stepSizeDown === undefined ? {} : { stepSizeDown }),
    ...(momentum === undefined ? {} : { baseMomentum: momentum[0], maxMomentum: momentum[1] }),
  }));

/** Cyclical policies (CLR family). */
export const cyclicSpec: fc.Arbitrary<Generated> = fc.oneof(
  cyclicBounds.map((p) => gen({ policy: 'triangular', ...p })),
  cyclicBounds.map((p) => gen({ policy: 'triangular2', ...p })),
  fc
    .tuple(cyclicBounds, fc.double({ min: 0.9, max: 1, noNaN: true }))
    .map(([p, gamma]) => gen({ policy: 'expRange', ...p, gamma })),
  fc
    .tuple(
      cyclicBounds,
      fc.double({ min: 0.5, max: 1, noNaN: true }),
      fc.constantFrom('cycle', 'iterations'),
    )
    .map(([p, gamma, scaleMode]) =>
      gen({
        policy: 'cyclic',
        ...p,
        scaleFn: { policy: 'exponential', lr: 1, gamma },
        scaleMode,
      }),
    ),
  fc
    .record({
      lr,
      firstCycleSteps: steps(1000),
      cycleMult: fc.integer({ min: 1, max: 4 }),
      minFraction: factor,
    })
    .map(({ lr: peak, minFraction, ...p }) =>
      gen({ policy: 'cosineRestarts', lr: peak, ...p, minLr: peak * minFraction }, true),
    ),
);

/** 1cycle specs that satisfy the phase constraints. */
export const oneCycleSpec: fc.Arbitrary<Generated> = fc
  .record({
    maxLr: lr,
    totalSteps: fc.integer({ min: 4, max: 100_000 }),
    pctStart: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    anneal: fc.constantFrom('cos', 'linear'),
    divFactor: fc.double({ min: 1, max: 1000, noNaN: true }),
    finalDivFactor: fc.double({ min: 1, max: 1e6, noNaN: true }),
    threePhase: fc.boolean(),
    momentum: momentumPair,
    cycleMomentum: fc.boolean(),
  })
  .filter(
    ({ totalSteps: t, pctStart: p, threePhase }) =>
      p * t > 1 && (!threePhase || 2 * p * t - 2 < t - 1),
  )
  .map(({ momentum, ...p }) =>
    gen({ policy: 'oneCycle', ...p, baseMomentum: momentum[0], maxMomentum: momentum[1] }),
  );

/** Explicit tables, per step or with boundaries; values may be 0. */
const tableSpec: fc.Arbitrary<Generated> = fc
  .array(fc.oneof(fc.constant(0), lr), { minLength: 1, maxLength: 30 })
  .chain((values) =>
    fc.record({
      values: fc.constant(values),
      boundaries: fc.option(
        fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), {
          minLength: values.length - 1,
          maxLength: values.length - 1,
        }),
      ),
    }),
  )
  .map(({ values, boundaries }) =>
    gen(
      boundaries === null
        ? { policy: 'table', values }
        : { policy: 'table', values, boundaries: [...boundaries].sort((a, b) => a - b) },
      values.includes(0),
    ),
  );

/** Transformer-style schedules with a warm-up: inverseSqrt and warmup-stable-decay. */
export const warmupDecaySpec: fc.Arbitrary<Generated> = fc.oneof(
  fc
    .record({ lr, warmupSteps: steps(10_000) })
    .map((p) => gen({ policy: 'inverseSqrt', ...p }, true)),
  fc
    .record({
      lr,
      warmupSteps: fc.integer({ min: 0, max: 5000 }),
      stableSteps: fc.integer({ min: 0, max: 5000 }),
      decaySteps: steps(5000),
      warmupType: fc.constantFrom('linear', 'cosine', '1-sqrt'),
      decayType: fc.constantFrom('linear', 'cosine', '1-sqrt'),
      minLrRatio: factor,
    })
    .map((p) => gen({ policy: 'warmupStableDecay', ...p }, p.minLrRatio === 0)),
);

/** SGDR with a peak that decays at every restart. */
export const restartDecaySpec: fc.Arbitrary<Generated> = fc
  .record({
    lr,
    firstCycleSteps: steps(1000),
    cycleMult: fc.integer({ min: 1, max: 4 }),
    minFraction: factor,
    cycleDecay: fc.double({ min: 0.05, max: 1, noNaN: true }),
  })
  .map(({ lr: peak, minFraction, ...p }) =>
    gen({ policy: 'cosineRestarts', lr: peak, ...p, minLr: peak * minFraction }, true),
  );

/** Every built-in policy except the combinators. */
export const baseSpec: fc.Arbitrary<Generated> = fc.oneof(
  lr.map((value) => gen({ policy: 'constant', lr: value })),
  tableSpec,
  decaySpec,
  cyclicSpec,
  oneCycleSpec,
  warmupDecaySpec,
  restartDecaySpec,
);

/** Combinators over base specs, nested at most twice. */
const combinatorOf = (inner: fc.Arbitrary<Generated>): fc.Arbitrary<Generated> =>
  fc.oneof(
    fc
      .record({ warmupSteps: steps(1000), startFactor: factor, schedule: inner })
      .map(({ schedule, ...p }) =>
        gen(
          { policy: 'warmup', ...p, schedule: schedule.spec },
          p.startFactor === 0 || schedule.mayBeZero,
        ),
      ),
    fc.array(fc.tuple(inner, steps(1000)), { minLength: 1, maxLength: 4 }).map((parts) => {
      let at = 0;
      const boundaries = parts.slice(1).map(([, length]) => {
        at += length;
        return at;
      });
      return gen(
        {
          policy: 'sequence',
          schedules: parts.map(([part]) => part.spec),
          boundaries,
        },
        parts.some(([part]) => part.mayBeZero),
      );
    }),
    fc
      .record({
        factor: fc.oneof(fc.double({ min: 1e-3, max: 10, noNaN: true }), decaySpec),
        schedule: inner,
      })
      .map(({ factor, schedule }) =>
        gen(
          {
            policy: 'scale',
            factor: typeof factor === 'number' ? factor : factor.spec,
            schedule: schedule.spec,
          },
          schedule.mayBeZero || (typeof factor !== 'number' && factor.mayBeZero),
        ),
      ),
    fc
      .record({
        schedule: inner,
        noiseType: fc.constantFrom('normal', 'uniform'),
        noisePct: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        startStep: fc.integer({ min: 0, max: 1000 }),
        length: fc.option(steps(5000), { nil: undefined }),
        seed: fc.integer({ min: 0, max: 2 ** 40 }),
      })
      .map(({ schedule, length, ...p }) =>
        gen(
          {
            policy: 'noise',
            ...p,
            ...(length === undefined ? {} : { endStep: p.startStep + length }),
            schedule: schedule.spec,
          },
          schedule.mayBeZero,
        ),
      ),
    fc
      .record({ floor: fc.option(fc.double({ min: 1e-6, max: 1, noNaN: true })), schedule: inner })
      .map(({ floor, schedule }) =>
        gen(
          floor === null
            ? { policy: 'clamp', maxLr: 1, schedule: schedule.spec }
            : { policy: 'clamp', minLr: floor, maxLr: floor * 10, schedule: schedule.spec },
          floor === null && schedule.mayBeZero,
        ),
      ),
  );

export const combinatorSpec: fc.Arbitrary<Generated> = combinatorOf(
  fc.oneof({ weight: 3, arbitrary: baseSpec }, { weight: 1, arbitrary: combinatorOf(baseSpec) }),
);

/** Any valid spec. */
export const anySpec: fc.Arbitrary<Generated> = fc.oneof(baseSpec, combinatorSpec);

/** Steps: integers (what training uses) and fractions, from 0 up to far past any end. */
export const stepArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 20_000 }),
  fc.double({ min: 0, max: 1e9, noNaN: true }),
);
