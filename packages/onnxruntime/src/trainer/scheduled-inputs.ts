import {
  nearestName,
  PLATEAU_OPTION_NAMES,
  type PlateauController,
  type PlateauOptions,
  type PlateauState,
  type PolicySpec,
  reduceLrOnPlateau,
  type Schedule,
  type ScheduleBundle,
  scheduleBundle,
} from '@cyclr/core';
import type { HyperParameters, ScheduledInputs } from '../optimizers/types.js';
import { SCHEDULABLE } from '../optimizers/types.js';

/** The optimizer inputs besides lr and momentum that a schedule may drive. */
export type ScheduledHyperParameter = 'weightDecay' | 'beta2';

/** Schedules for the optimizer's other graph inputs (`OnnxTrainerOptions.hyperParameters`). */
export type HyperParameterSchedules = Readonly<
  Partial<Record<ScheduledHyperParameter, Schedule | PolicySpec>>
>;

/** `OnnxTrainerOptions.plateau`: PyTorch's ReduceLROnPlateau options and what to monitor. */
export interface TrainerPlateauOptions extends PlateauOptions {
  /** The {@link Evaluation} field reported by `evaluate(..., { report: true })`. Default `'loss'`. */
  readonly monitor?: 'loss' | 'accuracy';
  /** A saved state (`trainer.plateau.state()`), to resume. */
  readonly state?: PlateauState;
}

/** Everything the trainer feeds besides data: the schedules as a bundle, and the plateau. */
export interface ScheduledInputsPlan {
  readonly bundle: ScheduleBundle;
  readonly scheduled: ScheduledInputs;
  readonly plateau: PlateauController | undefined;
  readonly monitor: 'loss' | 'accuracy';
  /** lr (after the plateau), momentum and the scheduled inputs at a step. */
  at(step: number, defaultMomentum: number): HyperParameters;
  /** Fills in the scheduled inputs an explicit `stepWith` left out. */
  complete(hyper: HyperParameters, step: number): HyperParameters;
}

// Core's plateau keys plus `monitor`, so a misspelt `monitor` gets a suggestion too.
const PLATEAU_KEYS = ['monitor', ...PLATEAU_OPTION_NAMES];

export function planScheduledInputs(
  optimizerType: 'sgd' | 'adam' | 'adamw',
  schedule: Schedule,
  hyperParameters: HyperParameterSchedules | undefined,
  plateauOptions: TrainerPlateauOptions | undefined,
): ScheduledInputsPlan {
  const fn = 'OnnxTrainer.create';
  const allowed = SCHEDULABLE[optimizerType] ?? [];
  const extra = hyperParameters ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
    throw new TypeError(
      `${fn}: expected hyperParameters to be an object of schedules, got ${String(extra)}`,
    );
  }
  for (const name of Object.keys(extra)) {
    if ((allowed as readonly string[]).includes(name)) continue;
    const suggestion = nearestName(name, allowed);
    throw new TypeError(
      `${fn}: the ${optimizerType} optimizer has no scheduled input "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; it takes ${allowed.join(', ')} (lr and momentum come from schedule)`,
    );
  }
  const bundle = scheduleBundle({
    lr: schedule,
    ...(extra as Record<string, Schedule | PolicySpec>),
  });
  const scheduled = new Set(Object.keys(extra)) as ScheduledInputs;
  let plateau: PlateauController | undefined;
  let monitor: 'loss' | 'accuracy' = 'loss';
  if (plateauOptions !== undefined) {
    for (const key of Object.keys(plateauOptions)) {
      if (PLATEAU_KEYS.includes(key)) continue;
      const suggestion = nearestName(key, PLATEAU_KEYS);
      throw new TypeError(
        `${fn}: unknown plateau option "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected one of ${PLATEAU_KEYS.join(', ')}`,
      );
    }
    const { monitor: watched = 'loss', ...options } = plateauOptions;
    if (watched !== 'loss' && watched !== 'accuracy') {
      throw new TypeError(
        `${fn}: expected plateau.monitor to be "loss" or "accuracy", got ${JSON.stringify(watched)}`,
      );
    }
    monitor = watched;
    plateau = reduceLrOnPlateau(options);
  }
  const lrOf = schedule.lr;
  const momentumOf = schedule.momentum;
  const weightDecayOf = bundle.schedules.weightDecay?.lr;
  const beta2Of = bundle.schedules.beta2?.lr;
  const withExtras = (hyper: HyperParameters, step: number): HyperParameters => ({
    ...hyper,
    ...(weightDecayOf && hyper.weightDecay === undefined
      ? { weightDecay: weightDecayOf(step) }
      : {}),
    ...(beta2Of && hyper.beta2 === undefined ? { beta2: beta2Of(step) } : {}),
  });
  return {
    bundle,
    scheduled,
    plateau,
    monitor,
    at(step, defaultMomentum) {
      const rate = lrOf(step);
      return withExtras(
        {
          learningRate: plateau ? plateau.lr(rate) : rate,
          momentum: momentumOf?.(step) ?? defaultMomentum,
        },
        step,
      );
    },
    complete: withExtras,
  };
}
