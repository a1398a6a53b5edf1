import type { PolicyDefinition } from './definition.js';
import { describeValue, ScheduleError } from './errors.js';
import { invalid, type ParamDef, type ParseContext, rejectParam } from './params.js';
import { nearestName } from './suggest.js';
import type { PolicySpec, Schedule, ScheduleFn, ScheduleParts } from './types.js';

/**
 * The one constructor of schedules. Every `Schedule` the library accepts was made here (by a
 * policy's factory, `fromSpec` or `fromFunction`), so its steps are checked and its `toJSON`
 * is a real spec. An object that merely has `lr` and `toJSON` is not a schedule.
 */
const made = new WeakSet<object>();

/** Whether `value` was built by this library (not a look-alike object). */
export function isSchedule(value: unknown): value is Schedule {
  return typeof value === 'object' && value !== null && made.has(value);
}

/** Has the shape of a schedule: the error for it says why a look-alike is refused. */
export function looksLikeSchedule(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { lr?: unknown }).lr === 'function'
  );
}

/** Builds a nested schedule from a spec; the spec parser passes itself, leaf factories none. */
export type SpecResolver = (spec: PolicySpec) => Schedule;

function brand(
  parts: ScheduleParts,
  policy: string,
  toJSON: () => PolicySpec,
  checkValue?: (fn: 'lr' | 'momentum', step: number, value: number) => void,
): Schedule {
  const schedule: Schedule = Object.freeze({
    lr: guardStep(policy, 'lr', parts.lr, checkValue),
    momentum: parts.momentum
      ? guardStep(policy, 'momentum', parts.momentum, checkValue)
      : undefined,
    totalSteps: parts.totalSteps,
    toJSON,
  });
  made.add(schedule);
  return schedule;
}

/**
 * Validates `options` against a definition and builds the schedule. Nested schedules given as
 * specs go to `resolveSpec`; without one (a leaf policy has no nested schedules) a nested spec
 * is refused.
 */
export function buildSchedule<P extends object>(
  definition: PolicyDefinition<P>,
  options: unknown,
  resolveSpec?: SpecResolver,
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
      if (isSchedule(value)) return value;
      if (looksLikeSchedule(value)) {
        throw new ScheduleError(
          policy,
          param,
          `expected ${param} to be a schedule made by @cyclr/core (a factory, fromSpec or fromFunction) or a spec, got a look-alike object`,
        );
      }
      if (!resolveSpec) {
        throw new ScheduleError(policy, param, `expected ${param} to be a schedule, got a spec`);
      }
      try {
        return resolveSpec(value as PolicySpec);
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

  return brand(definition.create(resolved as P), policy, spec);
}

/** Options of {@link fromFunction}. */
export interface FromFunctionOptions {
  /** Momentum (or Adam beta1) at each step, when you cycle it too. */
  readonly momentum?: ScheduleFn;
  /** Steps the schedule is defined over (it holds its final value from there), if it ends. */
  readonly totalSteps?: number;
}

const fromFunctionKeys = ['momentum', 'totalSteps'];

/**
 * A schedule from your own function of the step, for rates no policy describes. It gets the
 * same step checks as every schedule (a negative, NaN or infinite step throws) and each value
 * is checked to be a finite number. A function is not data: `toJSON` (and so `JSON.stringify`,
 * `toSpec`, the CLI's spec output) throws; use the `table` policy for explicit values you
 * want to save.
 *
 * @example
 * const s = fromFunction((step) => 0.1 / Math.sqrt(step + 1), { totalSteps: 1000 });
 * s.lr(3); // 0.05
 */
export function fromFunction(lr: ScheduleFn, options: FromFunctionOptions = {}): Schedule {
  const name = 'fromFunction';
  if (typeof lr !== 'function') {
    throw new ScheduleError(
      name,
      'lr',
      `expected lr to be a function of the step, got ${describeValue(lr)}`,
    );
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ScheduleError(
      name,
      undefined,
      `expected an options object, got ${describeValue(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (fromFunctionKeys.includes(key)) continue;
    const suggestion = nearestName(key, fromFunctionKeys);
    throw new ScheduleError(
      name,
      key,
      `unknown option "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected one of ${fromFunctionKeys.join(', ')}`,
    );
  }
  const { momentum, totalSteps } = options;
  if (momentum !== undefined && typeof momentum !== 'function') {
    throw new ScheduleError(
      name,
      'momentum',
      `expected momentum to be a function of the step, got ${describeValue(momentum)}`,
    );
  }
  if (totalSteps !== undefined && !(Number.isInteger(totalSteps) && totalSteps >= 1)) {
    rejectParam(name, 'totalSteps', 'a positive integer', totalSteps);
  }
  return brand(
    { lr, momentum, totalSteps },
    name,
    () => {
      throw new ScheduleError(
        name,
        undefined,
        'cannot write this schedule as JSON: it is made from a function, which is not data; use a policy spec (e.g. {"policy": "table", ...}) for a schedule you want to save',
      );
    },
    (fn, step, value) => {
      if (Number.isFinite(value)) return;
      throw new ScheduleError(
        name,
        fn,
        `expected ${fn}(${step}) to return a finite number, got ${describeValue(value)}`,
      );
    },
  );
}

/** Rejects steps outside the domain (negative, NaN, infinite) instead of returning garbage. */
function guardStep(
  policy: string,
  which: 'lr' | 'momentum',
  fn: ScheduleFn,
  checkValue: ((fn: 'lr' | 'momentum', step: number, value: number) => void) | undefined,
): ScheduleFn {
  const rejectStep = (step: number): never => {
    throw new ScheduleError(
      policy,
      'step',
      `expected step to be a finite number >= 0, got ${describeValue(step)}`,
    );
  };
  if (checkValue) {
    return (step) => {
      if (!(step >= 0 && step < Number.POSITIVE_INFINITY)) rejectStep(step);
      const value = fn(step);
      checkValue(which, step, value);
      return value;
    };
  }
  return (step) => {
    if (step >= 0 && step < Number.POSITIVE_INFINITY) return fn(step);
    return rejectStep(step);
  };
}
