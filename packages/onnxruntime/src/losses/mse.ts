import { lossNode, meanOfAll } from './node.js';
import type { LossDefinition } from './types.js';

/**
 * `mse`: float32 targets t shaped like the output y `[batch, outputs]`;
 * loss = mean over rows and outputs of (y - t)^2 (PyTorch's `MSELoss()`, reduction "mean").
 * Sub, Mul and ReduceMean: their gradient rules give dY = 2 (y - t) / (batch * outputs).
 */
export const mse: LossDefinition = {
  name: 'mse',
  optionKeys: [],
  normalize: () => ({}),
  labels: { kind: 'values' },
  build(output, labels, loss) {
    const error = `${loss}/error`;
    const squared = `${loss}/squared`;
    return {
      nodes: [
        lossNode('Sub', [output, labels], error),
        lossNode('Mul', [error, error], squared),
        meanOfAll(squared, loss),
      ],
      constants: [],
    };
  },
};
