export { type ScheduleBundle, scheduleBundle } from './bundle.js';
export { createSchedule } from './create.js';
export type { ParamDefs, PolicyDefinition } from './definition.js';
export { definePolicy } from './definition.js';
export { describeValue, ScheduleError } from './errors.js';
export {
  type ClampOptions,
  clamp,
  cyclic,
  type NoiseOptions,
  noise,
  type ScaleOptions,
  type SequenceOptions,
  scale,
  sequence,
  type WarmupOptions,
  warmup,
} from './nested-factories.js';
export type { ParamDef, ParseContext, ResolvedParams } from './params.js';
export { invalid, param } from './params.js';
export {
  PLATEAU_OPTION_NAMES,
  type PlateauController,
  type PlateauOptions,
  type PlateauState,
  reduceLrOnPlateau,
} from './plateau.js';
export { type ConstantOptions, constant } from './policies/constant.js';
export { type CosineOptions, cosine } from './policies/cosine.js';
export { type CosineRestartsOptions, cosineRestarts } from './policies/cosineRestarts.js';
export {
  type CyclicBoundsOptions,
  type CyclicOptions,
  type ExpRangeOptions,
  expRange,
  type ScaleFn,
  type TriangularOptions,
  triangular,
  triangular2,
} from './policies/cyclic.js';
export { type ExponentialOptions, exponential } from './policies/exponential.js';
export { type InverseSqrtOptions, inverseSqrt } from './policies/inverseSqrt.js';
export { type InverseTimeOptions, inverseTime } from './policies/inverseTime.js';
export { type LinearOptions, linear } from './policies/linear.js';
export { type MultiStepOptions, multiStep } from './policies/multiStep.js';
export { type OneCycleOptions, oneCycle } from './policies/oneCycle.js';
export { type PolynomialOptions, polynomial } from './policies/polynomial.js';
export { type StepOptions, step } from './policies/step.js';
export { type TableOptions, table } from './policies/table.js';
export {
  type WarmupStableDecayOptions,
  type WsdShape,
  warmupStableDecay,
} from './policies/warmupStableDecay.js';
export { getPolicy, listPolicies, registerPolicy } from './registry.js';
export { type FromFunctionOptions, fromFunction } from './schedule.js';
export { fromSpec, toSpec } from './spec.js';
export { nearestName } from './suggest.js';
// Also at `@cyclr/core/trainer`, its home; kept here for compatibility.
export type { RangeTestTrainer } from './trainer.js';
export type { PolicySpec, Schedule, ScheduleFn, ScheduleParts } from './types.js';
