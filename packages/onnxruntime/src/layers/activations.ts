import type { Layer } from './types.js';

function activation(kind: string, opType: string): Layer {
  return {
    kind,
    apply: (ctx, x) => ({
      name: ctx.node(opType, [x.name], undefined, ctx.uniqueName(kind)),
      shape: x.shape,
    }),
  };
}

/** ReLU activation: `max(x, 0)` (ONNX Relu). */
export function relu(): Layer {
  return activation('relu', 'Relu');
}

/** Logistic sigmoid: `1 / (1 + e^-x)` (ONNX Sigmoid). */
export function sigmoid(): Layer {
  return activation('sigmoid', 'Sigmoid');
}

/** Hyperbolic tangent (ONNX Tanh). */
export function tanh(): Layer {
  return activation('tanh', 'Tanh');
}
