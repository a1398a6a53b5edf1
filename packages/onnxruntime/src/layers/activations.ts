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

/**
 * GELU, exact (erf) form as torch's default `nn.GELU()`: `x * 0.5 * (1 + erf(x / sqrt 2))`,
 * emitted as Div, Erf, Add, Mul, Mul (as torch exports it at opset 17).
 */
export function gelu(): Layer {
  return {
    kind: 'gelu',
    apply(ctx, x) {
      const name = ctx.uniqueName('gelu');
      const sqrt2 = ctx.floatConstant(`${name}.sqrt2`, [Math.SQRT2], []);
      const one = ctx.floatConstant(`${name}.one`, [1], []);
      const half = ctx.floatConstant(`${name}.half`, [0.5], []);
      const erf = ctx.node(
        'Erf',
        [ctx.node('Div', [x.name, sqrt2], undefined, `${name}/div`)],
        undefined,
        `${name}/erf`,
      );
      const gate = ctx.node('Add', [erf, one], undefined, `${name}/add`);
      const gated = ctx.node('Mul', [x.name, gate], undefined, `${name}/mul`);
      return { name: ctx.node('Mul', [gated, half], undefined, name), shape: x.shape };
    },
  };
}
