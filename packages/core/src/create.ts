import type { PolicyDefinition } from './definition.js';
import { describeValue, ScheduleError } from './errors.js';
import { invalid, type ParamDef, type ParseContext, rejectParam } from './params.js';
import { fromSpec } from './spec.js';
import { nearestName } from './suggest.js';
import type { PolicySpec, Schedule, ScheduleFn } from './types.js';

/**
 * Validates `options` against a definition and builds the schedule. This is what every
 * policy factory (`triangular(...)`, `oneCycle(...)`) and `fromSpec` call.
 */
export function createSchedule<P extends object>(
  definition: PolicyDefinition<P>,
  options: unknown,
): Schedule {
  const policy = definition.name;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ScheduleError(
      policy,
      undefined,
      `expected an options object, got ${describeValue(options)}`,
    );
  }
  const raw = options as Record<string, unknown>;
  const paramNames = Object.keys(definition.params);
  for (const key of Object.keys(raw)) {
    if (key === 'policy' || paramNames.includes(key)) continue;
    const suggestion = nearestName(key, paramNames);
    throw new ScheduleError(
      policy,
      key,
      `unknown parameter "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected one of ${paramNames.join(', ')}`,
    );
  }

  const resolved: Record<string, unknown> = {};
  const params = definition.params as Record<string, ParamDef<unknown>>;
  const contextFor = (param: string): ParseContext => ({
    policy,
    param,
    toSchedule: (value) => {
      try {
        return fromSpec(value);
      } catch (error) {
        if (error instanceof ScheduleError) {
          throw new ScheduleError(policy, param, `in ${param}: ${error.message}`);
        }
        throw error;
      }
    },
  });
  for (const name of paramNames) {
    const def = params[name] as ParamDef<unknown>;
    const value = raw[name];
    if (value === undefined) {
      if (def.default !== undefined) {
        resolved[name] =
          typeof def.default === 'function'
            ? (def.default as (r: Record<string, unknown>) => unknown)(resolved)
            : def.default;
      } else if (!def.optional) {
        throw new ScheduleError(
          policy,
          name,
          `expected ${name} to be ${def.expected}, got nothing (it is required)`,
        );
      }
      continue;
    }
    const parsed = def.parse(value, contextFor(name));
    if (parsed === invalid) rejectParam(policy, name, def.expected, value);
    resolved[name] = parsed;
  }

  definition.check?.(resolved as P, (param, message) => {
    throw new ScheduleError(policy, param, message);
  });

  const parts = definition.create(resolved as P);
  const spec = (): PolicySpec => {
    const out: Record<string, unknown> = { policy };
    for (const name of paramNames) {
      const value = resolved[name];
      if (value === undefined) continue;
      const def = params[name] as ParamDef<unknown>;
      if (typeof value === 'function') {
        throw new ScheduleError(
          policy,
          name,
          `cannot write ${name} as JSON: it is a function; use a spec for it instead`,
        );
      }
      out[name] = def.serialize ? def.serialize(value, contextFor(name)) : value;
    }
    return out as PolicySpec;
  };

  return Object.freeze({
    lr: guardStep(policy, parts.lr),
    momentum: parts.momentum ? guardStep(policy, parts.momentum) : undefined,
    totalSteps: parts.totalSteps,
    toJSON: spec,
  });
}

/** Rejects steps outside the domain (negative, NaN, infinite) instead of returning garbage. */
function guardStep(policy: string, fn: ScheduleFn): ScheduleFn {
  return (step) => {
    if (step >= 0 && step < Number.POSITIVE_INFINITY) return fn(step);
    throw new ScheduleError(
      policy,
      'step',
      `expected step to be a finite number >= 0, got ${describeValue(step)}`,
    );
  };
}
