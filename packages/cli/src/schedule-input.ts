import { fromSpec, type PolicySpec, type Schedule, ScheduleError } from '@cyclr/core';
import { inputError, usageError } from './errors.js';
import { maxSteps, parseIntegerOption } from './options.js';
import { readSpec } from './spec-input.js';

/** The options `values` and `plot` share. */
export interface StepOptions {
  readonly steps?: string;
  readonly start?: string;
}

/** A schedule read from `<spec>` and the step range to evaluate it over. */
export interface ScheduleInput {
  /** The spec as the user wrote it (before defaults). */
  readonly spec: PolicySpec;
  readonly schedule: Schedule;
  readonly steps: number;
  readonly start: number;
}

/**
 * Checks the step options first (usage errors, exit 2), then reads and builds the schedule
 * (invalid spec, exit 1). `--steps` defaults to the rest of the schedule, `totalSteps - start`,
 * when it has a length.
 */
export function readScheduleInput(
  specArgument: string | PolicySpec,
  options: StepOptions,
  cwd: string,
): ScheduleInput {
  const steps =
    options.steps === undefined
      ? undefined
      : parseIntegerOption('--steps', options.steps, { min: 1, max: maxSteps });
  const start =
    options.start === undefined
      ? 0
      : parseIntegerOption('--start', options.start, { min: 0, max: Number.MAX_SAFE_INTEGER });
  const { spec, schedule } = buildSchedule(specArgument, cwd);
  if (steps !== undefined) return { spec, schedule, steps, start };
  if (schedule.totalSteps !== undefined) {
    // The rest of the schedule: from --start to its last step (at least one value).
    const rest = Math.max(1, schedule.totalSteps - start);
    return { spec, schedule, steps: Math.min(rest, maxSteps), start };
  }
  const policy = safePolicyName(schedule);
  throw usageError(
    `expected --steps to be a positive integer (${policy} has no totalSteps to default to), got nothing`,
  );
}

/** `fromSpec` with its ScheduleError turned into a one-line input error (exit 1). */
export function buildSchedule(
  specArgument: string | PolicySpec,
  cwd: string,
): { spec: PolicySpec; schedule: Schedule } {
  const spec = typeof specArgument === 'string' ? readSpec(specArgument, cwd) : specArgument;
  try {
    return { spec, schedule: fromSpec(spec) };
  } catch (error) {
    if (error instanceof ScheduleError) throw inputError(error.message);
    throw error;
  }
}

function safePolicyName(schedule: Schedule): string {
  try {
    return schedule.toJSON().policy;
  } catch {
    return 'this schedule';
  }
}
