import { describeValue, ScheduleError } from './errors.js';
import { getPolicy, listPolicies } from './registry.js';
import { buildSchedule, isSchedule, looksLikeSchedule } from './schedule.js';
import { nearestName } from './suggest.js';
import type { PolicySpec, Schedule } from './types.js';

/** Builds a schedule from its JSON spec (or passes a schedule made by this library through). */
export function fromSpec(spec: PolicySpec | Schedule): Schedule {
  if (isSchedule(spec)) return spec;
  if (looksLikeSchedule(spec)) {
    throw new ScheduleError(
      'fromSpec',
      undefined,
      'expected a spec or a schedule made by @cyclr/core, got a look-alike object with an lr function; wrap your own function with fromFunction(lr, { momentum, totalSteps })',
    );
  }
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
  return buildSchedule(definition, params, fromSpec);
}

/** The spec of a schedule: `toSpec(fromSpec(spec))` describes the same schedule as `spec`. */
export function toSpec(schedule: Schedule): PolicySpec {
  return schedule.toJSON();
}
