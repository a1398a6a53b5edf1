import { type OpDefinition, output, shapeOf } from './types.js';

const sameShape: OpDefinition['inferShapes'] = (node, shapes) => [shapeOf(shapes, 0, node)];

/** Relu: Y = max(X, 0); dX = dY where Y > 0, else 0. */
export const relu: OpDefinition = {
  opType: 'Relu',
  inferShapes: sameShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const zero = ctx.floatConstant([0], []);
    const positive = ctx.op('Greater', [output(node, 0), zero]);
    return [ctx.op('Where', [positive, dY, zero])];
  },
};

/** Sigmoid: Y = 1 / (1 + e^-X); dX = dY * Y * (1 - Y). */
export const sigmoid: OpDefinition = {
  opType: 'Sigmoid',
  inferShapes: sameShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const y = output(node, 0);
    const oneMinusY = ctx.op('Sub', [ctx.floatConstant([1], []), y]);
    return [ctx.op('Mul', [dY, ctx.op('Mul', [y, oneMinusY])])];
  },
};

/** Tanh: dX = dY * (1 - Y^2). */
export const tanh: OpDefinition = {
  opType: 'Tanh',
  inferShapes: sameShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const y = output(node, 0);
    const oneMinusY2 = ctx.op('Sub', [ctx.floatConstant([1], []), ctx.op('Mul', [y, y])]);
    return [ctx.op('Mul', [dY, oneMinusY2])];
  },
};
