import { checkOptionKeys } from '../layers/options.js';
import { adamGraph } from './adam.js';
import { CONTROL_KEYS, checkControls } from './controls.js';
import { sgdGraph } from './sgd.js';
import type { OptimizerGraph, OptimizerOptions, ScheduledInputs } from './types.js';

/** Option keys of each optimizer type. */
export const OPTIMIZER_KEYS = {
  sgd: ['type', 'momentum', 'nesterov', 'weightDecay', ...CONTROL_KEYS],
  adam: ['type', 'beta1', 'beta2', 'epsilon', 'weightDecay', ...CONTROL_KEYS],
  adamw: ['type', 'beta1', 'beta2', 'epsilon', 'weightDecay', ...CONTROL_KEYS],
} as const;

/** The in-graph optimizer for these options (unknown keys refused, naming the nearest known one). */
export function optimizerGraph(
  options: OptimizerOptions,
  scheduled: ScheduledInputs = new Set(),
): OptimizerGraph {
  const fn = 'OnnxTrainer.create';
  switch (options?.type) {
    case 'sgd':
      checkOptionKeys(fn, options, OPTIMIZER_KEYS.sgd, 'optimizer');
      checkControls(fn, options, scheduled);
      return sgdGraph(options, scheduled);
    case 'adam':
    case 'adamw':
      checkOptionKeys(fn, options, OPTIMIZER_KEYS[options.type], 'optimizer');
      checkControls(fn, options, scheduled);
      return adamGraph(options, scheduled);
    default:
      throw new TypeError(
        `OnnxTrainer.create: expected optimizer.type to be 'sgd', 'adam' or 'adamw', got ${JSON.stringify((options as { type?: unknown })?.type)}`,
      );
  }
}
