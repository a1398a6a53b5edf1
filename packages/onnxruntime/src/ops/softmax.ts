import { intAttr } from '../graph/types.js';
import { normalizeAxis } from './axes.js';
import { input, type OpDefinition, output, shapeOf } from './types.js';

const sameShape: OpDefinition['inferShapes'] = (node, shapes) => {
  const x = shapeOf(shapes, 0, node);
  normalizeAxis(node, intAttr(node, 'axis', -1), x.length);
  return [x];
};

function axisOf(node: Parameters<OpDefinition['gradient']>[0], rank: number): number {
  return normalizeAxis(node, intAttr(node, 'axis', -1), rank);
}

/** Softmax (opset 13: along `axis`, default -1): dX = Y * (dY - sum(dY * Y, axis)). */
export const softmax: OpDefinition = {
  opType: 'Softmax',
  inferShapes: sameShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const y = output(node, 0);
    const axis = axisOf(node, ctx.shape(input(node, 0)).length);
    const dot = ctx.op('ReduceSum', [ctx.op('Mul', [dY, y]), ctx.int64Constant([axis])], {
      keepdims: { i: 1 },
    });
    return [ctx.op('Mul', [y, ctx.op('Sub', [dY, dot])])];
  },
};

/** LogSoftmax (opset 13): dX = dY - e^Y * sum(dY, axis). */
export const logSoftmax: OpDefinition = {
  opType: 'LogSoftmax',
  inferShapes: sameShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const y = output(node, 0);
    const axis = axisOf(node, ctx.shape(input(node, 0)).length);
    const total = ctx.op('ReduceSum', [dY, ctx.int64Constant([axis])], { keepdims: { i: 1 } });
    return [ctx.op('Sub', [dY, ctx.op('Mul', [ctx.op('Exp', [y]), total])])];
  },
};
