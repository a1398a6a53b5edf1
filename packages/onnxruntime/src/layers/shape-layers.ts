import { fixed, type Layer } from './types.js';

/** Flattens `[batch, ...]` to `[batch, features]` (ONNX Flatten, axis 1). */
export function flatten(): Layer {
  return {
    kind: 'flatten',
    apply(ctx, x) {
      const features = x.shape
        .slice(1)
        .reduce<number>((a, d) => a * fixed(d, 'flatten', 'every non-batch dim'), 1);
      return {
        name: ctx.node('Flatten', [x.name], { axis: { i: 1 } }, ctx.uniqueName('flatten')),
        shape: [x.shape[0] ?? 'batch', features],
      };
    },
  };
}

/**
 * Dropout with drop probability `rate` (ONNX Dropout): identity at evaluation and in the
 * exported model; in training, `x * mask` with a mask drawn from the trainer's seeded
 * generator per step (keep with probability 1 - rate, kept values scaled by 1 / (1 - rate)).
 */
export function dropout(rate: number): Layer {
  if (!(typeof rate === 'number' && rate >= 0 && rate < 1)) {
    throw new RangeError(`dropout: expected rate to be in [0, 1), got ${String(rate)}`);
  }
  return {
    kind: 'dropout',
    apply(ctx, x) {
      const name = ctx.uniqueName('dropout');
      const ratio = ctx.floatConstant(`${name}.ratio`, [rate], []);
      return { name: ctx.node('Dropout', [x.name, ratio], undefined, name), shape: x.shape };
    },
  };
}
