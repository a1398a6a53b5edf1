import type { PolicyDefinition } from './definition.js';
import { constantPolicy } from './policies/constant.js';
import {
  cyclicPolicy,
  expRangePolicy,
  triangular2Policy,
  triangularPolicy,
} from './policies/cyclic.js';

/** Every built-in policy and combinator, in the order `cyclr policies` lists them. */
export const builtinPolicies: readonly PolicyDefinition<never>[] = [
  constantPolicy,
  triangularPolicy,
  triangular2Policy,
  expRangePolicy,
  cyclicPolicy,
] as unknown as PolicyDefinition<never>[];
