import {
  broadcast,
  GraphError,
  input,
  nodeLabel,
  type OpDefinition,
  output,
  reduceTo,
  shapeOf,
} from './types.js';

const sameShape: OpDefinition['inferShapes'] = (node, shapes) => [shapeOf(shapes, 0, node)];

/** An elementwise op of one input whose dX = dY * factor(ctx, x, y). */
function unaryOp(
  opType: string,
  factor: (ctx: Parameters<OpDefinition['gradient']>[2], x: string, y: string) => string,
): OpDefinition {
  return {
    opType,
    inferShapes: sameShape,
    gradient(node, [dY], ctx) {
      if (dY === undefined || !ctx.wants(node, 0)) return [];
      return [ctx.op('Mul', [dY, factor(ctx, input(node, 0), output(node, 0))])];
    },
  };
}

/** Erf: dX = dY * 2/sqrt(pi) * e^(-X^2). */
export const erf = unaryOp('Erf', (ctx, x) => {
  const gauss = ctx.op('Exp', [ctx.op('Neg', [ctx.op('Mul', [x, x])])]);
  return ctx.op('Mul', [gauss, ctx.floatConstant([2 / Math.sqrt(Math.PI)], [])]);
});

/** Sqrt: dX = dY * 0.5 / Y. */
export const sqrt = unaryOp('Sqrt', (ctx, _x, y) =>
  ctx.op('Div', [ctx.floatConstant([0.5], []), y]),
);

/** Exp: dX = dY * Y. */
export const exp = unaryOp('Exp', (_ctx, _x, y) => y);

/** Log: dX = dY / X. */
export const log: OpDefinition = {
  opType: 'Log',
  inferShapes: sameShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    return [ctx.op('Div', [dY, input(node, 0)])];
  },
};

/** Neg: dX = -dY. */
export const neg: OpDefinition = {
  opType: 'Neg',
  inferShapes: sameShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    return [ctx.op('Neg', [dY])];
  },
};

const binaryShapes: OpDefinition['inferShapes'] = (node, shapes) => [
  broadcast(shapeOf(shapes, 0, node), shapeOf(shapes, 1, node), node),
];

/** Div (broadcasting): Y = A / B; dA = dY / B, dB = -dY * Y / B, each summed to its input's shape. */
export const div: OpDefinition = {
  opType: 'Div',
  inferShapes: binaryShapes,
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const out = ctx.shape(output(node, 0));
    const a = input(node, 0);
    const b = input(node, 1);
    const dYOverB = ctx.op('Div', [dY, b]);
    return [
      ctx.wants(node, 0) ? reduceTo(ctx, dYOverB, out, a) : undefined,
      ctx.wants(node, 1)
        ? reduceTo(ctx, ctx.op('Neg', [ctx.op('Mul', [dYOverB, output(node, 0)])]), out, b)
        : undefined,
    ];
  },
};

/**
 * Pow with an exponent that does not depend on a parameter (torch's `x ** 2`):
 * dX = dY * E * X^(E - 1). A trained exponent is refused.
 */
export const pow: OpDefinition = {
  opType: 'Pow',
  inferShapes: binaryShapes,
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    if (ctx.wants(node, 1)) {
      throw new GraphError(
        `${nodeLabel(node)}: the gradient w.r.t. the exponent is not supported; expected an exponent that does not depend on a parameter`,
      );
    }
    if (!ctx.wants(node, 0)) return [];
    const x = input(node, 0);
    const e = input(node, 1);
    const lower = ctx.op('Pow', [x, ctx.op('Sub', [e, ctx.floatConstant([1], [])])]);
    const grad = ctx.op('Mul', [dY, ctx.op('Mul', [e, lower])]);
    return [reduceTo(ctx, grad, ctx.shape(output(node, 0)), x)];
  },
};
