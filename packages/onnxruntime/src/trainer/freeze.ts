import type { ForwardGraph } from '../graph/types.js';
import { type ParamSelector, selectParams } from '../optimizers/param-selector.js';

/**
 * The model with the parameters `freeze` selects marked `trainable: false`: the train-step
 * graph then holds them as constants (no gradient, no update, no optimizer state), as
 * `requires_grad_(False)` does in PyTorch. Throws when an entry matches no parameter, or when
 * nothing would be left to train.
 */
export function frozenModel(
  fn: string,
  model: ForwardGraph,
  freeze: ParamSelector | undefined,
): ForwardGraph {
  if (freeze === undefined) return model;
  const frozen = new Set(
    selectParams(
      fn,
      'freeze',
      freeze,
      model.params.map((p) => p.name),
    ),
  );
  const params = model.params.map((p) =>
    frozen.has(p.name) ? { ...p, trainable: false as const } : p,
  );
  if (params.every((p) => p.trainable === false)) {
    throw new RangeError(
      `${fn}: expected freeze to leave at least one parameter trainable, got every parameter frozen (${[...frozen].join(', ')})`,
    );
  }
  return { ...model, params };
}
