import { type PolicySpec, type Schedule, toSpec } from '@cyclr/core';
import type { Checkpoint } from '../checkpoint/checkpoint.js';
import { checkOptionKeys } from '../layers/options.js';
import { SCHEDULABLE } from '../optimizers/types.js';
import type { LoadOverrides } from './options.js';
import type {
  HyperParameterSchedules,
  ScheduledHyperParameter,
  ScheduledInputsPlan,
  TrainerPlateauOptions,
} from './scheduled-inputs.js';

/** What a checkpoint keeps of a trainer's schedules, and what `load` passes back to `create`. */
type SavedSchedules = Pick<Checkpoint, 'schedule' | 'plateau' | 'hyperParameters'>;

/** A schedule's spec, or null when it cannot be one (made by `fromFunction`: a function is not data). */
function specOrNull(schedule: Schedule): PolicySpec | null {
  try {
    return toSpec(schedule);
  } catch {
    return null;
  }
}

/**
 * The schedules of a trainer as checkpoint data: the lr schedule's spec, each `hyperParameters`
 * schedule's spec, and the plateau's options with its controller state (plain JSON that
 * `reduceLrOnPlateau({ ...options, state })` resumes exactly).
 */
export function savedSchedules(schedule: Schedule, plan: ScheduledInputsPlan): SavedSchedules {
  const hyperParameters: Partial<Record<ScheduledHyperParameter, PolicySpec | null>> = {};
  for (const name of plan.scheduled) {
    const scheduled = plan.bundle.schedules[name];
    if (scheduled !== undefined) hyperParameters[name] = specOrNull(scheduled);
  }
  const plateau: TrainerPlateauOptions | undefined = plan.plateau && {
    monitor: plan.monitor,
    ...plan.plateau.options,
    state: plan.plateau.state(),
  };
  return {
    schedule: specOrNull(schedule),
    ...(plan.scheduled.size > 0 ? { hyperParameters } : {}),
    ...(plateau ? { plateau } : {}),
  };
}

/**
 * The `schedule`, `hyperParameters` and `plateau` options that resume a checkpoint: the saved
 * ones, with `overrides.schedule` and each entry of `overrides.hyperParameters` in place of the
 * saved one. A schedule saved without a spec (made by `fromFunction`) must be overridden.
 */
export function resumedSchedules(
  fn: string,
  source: string,
  saved: SavedSchedules,
  optimizerType: keyof typeof SCHEDULABLE,
  overrides: LoadOverrides,
): {
  schedule: Schedule | PolicySpec;
  hyperParameters?: HyperParameterSchedules;
  plateau?: TrainerPlateauOptions;
} {
  const schedule = overrides.schedule ?? saved.schedule;
  if (schedule === null) {
    throw new TypeError(
      `${fn}: ${source} has no schedule spec (it was made by fromFunction); pass overrides.schedule`,
    );
  }
  const replaced = overrides.hyperParameters ?? {};
  checkOptionKeys(fn, replaced, SCHEDULABLE[optimizerType], 'overrides.hyperParameters');
  const hyperParameters: Partial<Record<ScheduledHyperParameter, Schedule | PolicySpec>> = {};
  for (const [name, spec] of Object.entries(saved.hyperParameters ?? {}) as [
    ScheduledHyperParameter,
    PolicySpec | null,
  ][]) {
    const value = replaced[name] ?? spec;
    if (value === null) {
      throw new TypeError(
        `${fn}: ${source} has no spec for hyperParameters.${name} (it was made by fromFunction); pass overrides.hyperParameters.${name}`,
      );
    }
    hyperParameters[name] = value;
  }
  Object.assign(hyperParameters, replaced);
  return {
    schedule,
    ...(Object.keys(hyperParameters).length > 0 ? { hyperParameters } : {}),
    ...(saved.plateau ? { plateau: saved.plateau } : {}),
  };
}
