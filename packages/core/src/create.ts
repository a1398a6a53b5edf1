import type { PolicyDefinition } from './definition.js';
import { buildSchedule } from './schedule.js';
import { fromSpec } from './spec.js';
import type { Schedule } from './types.js';

/**
 * Validates `options` against a definition and builds the schedule; nested schedules may be
 * given as specs. This is what a contributed policy's factory calls.
 */
export function createSchedule<P extends object>(
  definition: PolicyDefinition<P>,
  options: unknown,
): Schedule {
  return buildSchedule(definition, options, fromSpec);
}
