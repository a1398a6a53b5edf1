import { createSchedule } from './create.js';
import { describeValue, ScheduleError } from './errors.js';
import { getPolicy, listPolicies } from './registry.js';
import { nearestName } from './suggest.js';
import type { PolicySpec, Schedule } from './types.js';

/** Builds a schedule from its JSON spec (or passes a schedule through unchanged). */
export function fromSpec(spec: PolicySpec | Schedule): Schedule {
  if (isSchedule(spec)) return spec;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ScheduleError(
      'fromSpec',
      undefined,
      `expected a spec object like {"policy": "triangular", ...}, got ${describeValue(spec)}`,
    );
  }
  const name = (spec as { policy?: unknown }).policy;
  if (typeof name !== 'string') {
    throw new ScheduleError(
      'fromSpec',
      'policy',
      `expected policy to be a policy name (string), got ${describeValue(name)}`,
    );
  }
  const definition = getPolicy(name);
  if (!definition) {
    const known = listPolicies().map((d) => d.name);
    const suggestion = nearestName(name, known);
    throw new ScheduleError(
      name,
      'policy',
      `unknown policy "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known: ${known.join(', ')}`,
    );
  }
  const { policy: _policy, ...params } = spec;
  return createSchedule(definition, params);
}

/** The spec of a schedule: `toSpec(fromSpec(spec))` describes the same schedule as `spec`. */
export function toSpec(schedule: Schedule): PolicySpec {
  return schedule.toJSON();
}

function isSchedule(value: unknown): value is Schedule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Schedule).lr === 'function' &&
    typeof (value as Schedule).toJSON === 'function'
  );
}
