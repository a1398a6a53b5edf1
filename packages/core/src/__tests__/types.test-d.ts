import { describe, expectTypeOf, it } from 'vitest';
import {
  type ClampOptions,
  type CyclicOptions,
  clamp,
  constant,
  cyclic,
  fromSpec,
  getPolicy,
  listPolicies,
  type OneCycleOptions,
  oneCycle,
  type PolicyDefinition,
  type PolicySpec,
  type Schedule,
  type ScheduleError,
  type ScheduleFn,
  sequence,
  type TriangularOptions,
  toSpec,
  triangular,
  triangular2,
  type WarmupOptions,
  warmup,
} from '../index.js';

// Compile-time contracts of the public API. Checked by `vitest run` (typecheck mode) and by
// `tsc --noEmit`; nothing here runs.

describe('Schedule', () => {
  it('has lr, optional momentum, totalSteps and toJSON', () => {
    expectTypeOf<Schedule['lr']>().toEqualTypeOf<ScheduleFn>();
    expectTypeOf<ScheduleFn>().toEqualTypeOf<(step: number) => number>();
    expectTypeOf<Schedule['momentum']>().toEqualTypeOf<ScheduleFn | undefined>();
    expectTypeOf<Schedule['totalSteps']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Schedule['toJSON']>().returns.toEqualTypeOf<PolicySpec>();
  });

  it('forces a check before calling momentum', () => {
    const schedule = oneCycle({ maxLr: 0.1, totalSteps: 100 });
    // @ts-expect-error momentum may be undefined
    schedule.momentum(0);
    expectTypeOf(schedule.momentum?.(0)).toEqualTypeOf<number | undefined>();
  });

  it('is read-only', () => {
    const schedule = constant({ lr: 0.1 });
    // @ts-expect-error readonly
    schedule.totalSteps = 3;
  });
});

describe('fromSpec / toSpec', () => {
  it('takes a spec or a schedule and returns a Schedule', () => {
    expectTypeOf(fromSpec).parameter(0).toEqualTypeOf<PolicySpec | Schedule>();
    expectTypeOf(fromSpec).returns.toEqualTypeOf<Schedule>();
    expectTypeOf(
      fromSpec({ policy: 'oneCycle', maxLr: 0.1, totalSteps: 10 }),
    ).toEqualTypeOf<Schedule>();
    expectTypeOf(fromSpec(triangular({ baseLr: 0.001, maxLr: 0.01 }))).toEqualTypeOf<Schedule>();
    expectTypeOf(toSpec).returns.toEqualTypeOf<PolicySpec>();
  });

  it('requires a policy name', () => {
    // @ts-expect-error no policy
    fromSpec({ maxLr: 0.1 });
    // @ts-expect-error policy must be a string
    fromSpec({ policy: 3 });
  });

  it('PolicySpec is an open record keyed by policy', () => {
    expectTypeOf<PolicySpec['policy']>().toEqualTypeOf<string>();
    expectTypeOf<{ policy: 'x'; anything: 1 }>().toExtend<PolicySpec>();
  });
});

describe('factories', () => {
  it('return Schedule', () => {
    expectTypeOf(constant).returns.toEqualTypeOf<Schedule>();
    expectTypeOf(triangular).returns.toEqualTypeOf<Schedule>();
    expectTypeOf(oneCycle).returns.toEqualTypeOf<Schedule>();
    expectTypeOf(warmup).returns.toEqualTypeOf<Schedule>();
  });

  it('reject unknown option keys at compile time', () => {
    // @ts-expect-error unknown key (typo of maxLr)
    oneCycle({ maxLR: 0.1, totalSteps: 100 });
    // @ts-expect-error unknown key
    oneCycle({ maxLr: 0.1, totalSteps: 100, pctStrat: 0.25 });
    // @ts-expect-error unknown key
    triangular({ baseLr: 0.001, maxLr: 0.01, step_size: 2000 });
    // @ts-expect-error unknown key
    constant({ lr: 0.1, momentum: 0.9 });
    // @ts-expect-error `policy` belongs to specs, not factory options
    triangular2({ policy: 'triangular2', baseLr: 0.001, maxLr: 0.01 });
    // @ts-expect-error unknown key
    warmup({ warmupSteps: 10, schedule: constant({ lr: 0.1 }), steps: 5 });
  });

  it('reject missing required options and wrong value types', () => {
    // @ts-expect-error maxLr is required
    oneCycle({ totalSteps: 100 });
    // @ts-expect-error totalSteps is required
    oneCycle({ maxLr: 0.1 });
    // @ts-expect-error anneal is 'cos' | 'linear'
    oneCycle({ maxLr: 0.1, totalSteps: 100, anneal: 'cosine' });
    // @ts-expect-error maxLr is a number
    triangular({ baseLr: 0.001, maxLr: '0.01' });
    // @ts-expect-error at least a schedule is needed
    clamp({ minLr: 0.001 });
  });

  it('accept nested specs and schedules in combinators', () => {
    expectTypeOf(
      warmup({ warmupSteps: 5, schedule: { policy: 'cosine', lr: 0.1, totalSteps: 100 } }),
    ).toEqualTypeOf<Schedule>();
    expectTypeOf(
      sequence({
        schedules: [constant({ lr: 0.1 }), { policy: 'constant', lr: 0.01 }],
        boundaries: [10],
      }),
    ).toEqualTypeOf<Schedule>();
  });
});

describe('options types', () => {
  it('oneCycle: maxLr and totalSteps required, the rest optional', () => {
    expectTypeOf<OneCycleOptions['maxLr']>().toEqualTypeOf<number>();
    expectTypeOf<OneCycleOptions['totalSteps']>().toEqualTypeOf<number>();
    expectTypeOf<OneCycleOptions['pctStart']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OneCycleOptions['anneal']>().toEqualTypeOf<'cos' | 'linear' | undefined>();
    expectTypeOf<OneCycleOptions['threePhase']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<OneCycleOptions['cycleMomentum']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<{ maxLr: number; totalSteps: number }>().toExtend<OneCycleOptions>();
    expectTypeOf<{ totalSteps: number; pctStart: number }>().not.toExtend<OneCycleOptions>();
  });

  it('triangular: baseLr and maxLr required, stepSize and momentum bounds optional', () => {
    expectTypeOf<TriangularOptions['baseLr']>().toEqualTypeOf<number>();
    expectTypeOf<TriangularOptions['maxLr']>().toEqualTypeOf<number>();
    expectTypeOf<TriangularOptions['stepSize']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TriangularOptions['baseMomentum']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<{ baseLr: number; maxLr: number }>().toExtend<TriangularOptions>();
  });

  it('cyclic: scaleFn is a function, a schedule or a spec', () => {
    expectTypeOf<((x: number) => number) | Schedule | PolicySpec>().toExtend<
      CyclicOptions['scaleFn']
    >();
    expectTypeOf(
      cyclic({ baseLr: 0.001, maxLr: 0.01, scaleFn: (x) => 1 / x }),
    ).toEqualTypeOf<Schedule>();
  });

  it('combinators: schedule takes a Schedule or a spec', () => {
    expectTypeOf<WarmupOptions['schedule']>().toEqualTypeOf<Schedule | PolicySpec>();
    expectTypeOf<WarmupOptions['startFactor']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ClampOptions['minLr']>().toEqualTypeOf<number | undefined>();
  });

  it('options are readonly', () => {
    const options: OneCycleOptions = { maxLr: 0.1, totalSteps: 100 };
    // @ts-expect-error readonly
    options.maxLr = 0.2;
  });
});

describe('registry and errors', () => {
  it('listPolicies / getPolicy return definitions', () => {
    expectTypeOf(listPolicies()).toExtend<readonly PolicyDefinition<Record<string, unknown>>[]>();
    expectTypeOf(getPolicy('oneCycle')).toExtend<
      PolicyDefinition<Record<string, unknown>> | undefined
    >();
  });

  it('ScheduleError carries policy and param', () => {
    expectTypeOf<ScheduleError>().toExtend<Error>();
    expectTypeOf<ScheduleError['policy']>().toEqualTypeOf<string>();
    expectTypeOf<ScheduleError['param']>().toEqualTypeOf<string | undefined>();
  });
});
