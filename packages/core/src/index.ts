export { createSchedule } from './create.js';
export type { ParamDefs, PolicyDefinition } from './definition.js';
export { definePolicy } from './definition.js';
export { ScheduleError } from './errors.js';
export type { ParamDef, ParseContext, ResolvedParams } from './params.js';
export { invalid, param } from './params.js';
export { type ConstantOptions, constant } from './policies/constant.js';
export {
  type CyclicBoundsOptions,
  type CyclicOptions,
  cyclic,
  type ExpRangeOptions,
  expRange,
  type ScaleFn,
  type TriangularOptions,
  triangular,
  triangular2,
} from './policies/cyclic.js';
export { getPolicy, listPolicies, registerPolicy } from './registry.js';
export { fromSpec, toSpec } from './spec.js';
export type { PolicySpec, RangeTestTrainer, Schedule, ScheduleFn, ScheduleParts } from './types.js';
