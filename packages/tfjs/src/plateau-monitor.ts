import {
  fromFunction,
  PLATEAU_OPTION_NAMES,
  type PlateauController,
  type PlateauOptions,
  type PlateauState,
  reduceLrOnPlateau,
  type Schedule,
} from '@cyclr/core';
import { rejectUnknownKeys } from './option-keys.js';
import type { CallbackLogs } from './tfjs-types.js';

/** The `plateau` option of `learningRateScheduler`: PyTorch's options plus Keras's `monitor`. */
export interface PlateauArgs extends PlateauOptions {
  /**
   * The epoch log to watch, as Keras's `ReduceLROnPlateau(monitor=...)`. Default `'val_loss'`
   * (needs `validationData` or `validationSplit` in `fit`). With `mode` `'min'` (the default)
   * a lower value is better; use `mode: 'max'` for an accuracy.
   */
  monitor?: string;
  /** A saved state (`scheduler.plateau.state()`), to resume a run where it stopped. */
  state?: PlateauState;
}

/** A plateau controller watching one epoch log, and the schedule it drives. */
export interface PlateauMonitor {
  readonly controller: PlateauController;
  readonly monitor: string;
  /** `controller.lr(schedule.lr(t))` at every step: what goes into the optimizer. */
  readonly driven: Schedule;
  /** Reports the epoch's metric; `nextStep` is the step of the next update (or epoch). */
  onEpochEnd(epoch: number, logs: CallbackLogs | undefined, nextStep: number): void;
}

// Core's plateau keys plus `monitor`, so a misspelt `monitor` gets a suggestion too.
const PLATEAU_KEYS = ['monitor', ...PLATEAU_OPTION_NAMES];

export function plateauMonitor(args: PlateauArgs, schedule: Schedule): PlateauMonitor {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new TypeError(
      `learningRateScheduler: expected plateau to be an options object, got ${String(args)}`,
    );
  }
  rejectUnknownKeys('learningRateScheduler plateau', args, PLATEAU_KEYS);
  const { monitor = 'val_loss', ...options } = args;
  if (typeof monitor !== 'string' || monitor === '') {
    throw new TypeError(
      `learningRateScheduler: expected plateau.monitor to be the name of an epoch log such as "val_loss", got ${JSON.stringify(monitor)}`,
    );
  }
  const controller = reduceLrOnPlateau(options);
  const lr = schedule.lr;
  const momentum = schedule.momentum;
  const driven = fromFunction((t) => controller.lr(lr(t)), {
    ...(momentum ? { momentum } : {}),
    ...(schedule.totalSteps === undefined ? {} : { totalSteps: schedule.totalSteps }),
  });
  return {
    controller,
    monitor,
    driven,
    onEpochEnd(epoch, logs, nextStep) {
      const value = logs?.[monitor];
      if (typeof value !== 'number') {
        const available = Object.keys(logs ?? {}).join(', ') || 'none';
        throw new Error(
          `learningRateScheduler: plateau monitors "${monitor}", but the logs of epoch ${epoch} have ${value === undefined ? 'no such entry' : `a ${typeof value}`} (they have: ${available}); pass validationData or validationSplit to fit() for val_* logs, or set plateau.monitor`,
        );
      }
      controller.report(value, lr(nextStep));
    },
  };
}
