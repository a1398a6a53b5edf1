import { adamGraph } from './adam.js';
import { sgdGraph } from './sgd.js';
import type { OptimizerGraph, OptimizerOptions } from './types.js';

/** The in-graph optimizer for these options. */
export function optimizerGraph(options: OptimizerOptions): OptimizerGraph {
  switch (options?.type) {
    case 'sgd':
      return sgdGraph(options);
    case 'adam':
    case 'adamw':
      return adamGraph(options);
    default:
      throw new TypeError(
        `OnnxTrainer.create: expected optimizer.type to be 'sgd', 'adam' or 'adamw', got ${JSON.stringify((options as { type?: unknown })?.type)}`,
      );
  }
}
