import { adamGraph } from './adam.js';
import { sgdGraph } from './sgd.js';
import type { OptimizerGraph, OptimizerOptions, ScheduledInputs } from './types.js';

/** The in-graph optimizer for these options. */
export function optimizerGraph(
  options: OptimizerOptions,
  scheduled: ScheduledInputs = new Set(),
): OptimizerGraph {
  switch (options?.type) {
    case 'sgd':
      return sgdGraph(options, scheduled);
    case 'adam':
    case 'adamw':
      return adamGraph(options, scheduled);
    default:
      throw new TypeError(
        `OnnxTrainer.create: expected optimizer.type to be 'sgd', 'adam' or 'adamw', got ${JSON.stringify((options as { type?: unknown })?.type)}`,
      );
  }
}
