import { clampPolicy } from './combinators/clamp.js';
import { noisePolicy } from './combinators/noise.js';
import { scalePolicy } from './combinators/scale.js';
import { sequencePolicy } from './combinators/sequence.js';
import { warmupPolicy } from './combinators/warmup.js';
import type { PolicyDefinition } from './definition.js';
import { constantPolicy } from './policies/constant.js';
import { cosinePolicy } from './policies/cosine.js';
import { cosineRestartsPolicy } from './policies/cosineRestarts.js';
import {
  cyclicPolicy,
  expRangePolicy,
  triangular2Policy,
  triangularPolicy,
} from './policies/cyclic.js';
import { exponentialPolicy } from './policies/exponential.js';
import { inverseSqrtPolicy } from './policies/inverseSqrt.js';
import { inverseTimePolicy } from './policies/inverseTime.js';
import { linearPolicy } from './policies/linear.js';
import { multiStepPolicy } from './policies/multiStep.js';
import { oneCyclePolicy } from './policies/oneCycle.js';
import { polynomialPolicy } from './policies/polynomial.js';
import { stepPolicy } from './policies/step.js';
import { tablePolicy } from './policies/table.js';
import { warmupStableDecayPolicy } from './policies/warmupStableDecay.js';

/**
 * Every built-in policy and combinator definition, in the order `cyclr policies` lists them.
 * Definitions import nothing above themselves, so this list is an ordinary constant.
 */
export const builtinPolicies: readonly PolicyDefinition<never>[] = [
  constantPolicy,
  stepPolicy,
  multiStepPolicy,
  exponentialPolicy,
  cosinePolicy,
  cosineRestartsPolicy,
  polynomialPolicy,
  linearPolicy,
  inverseSqrtPolicy,
  inverseTimePolicy,
  warmupStableDecayPolicy,
  tablePolicy,
  triangularPolicy,
  triangular2Policy,
  expRangePolicy,
  cyclicPolicy,
  oneCyclePolicy,
  warmupPolicy,
  sequencePolicy,
  scalePolicy,
  clampPolicy,
  noisePolicy,
] as unknown as PolicyDefinition<never>[];
