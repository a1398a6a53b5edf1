import { GraphError, input, nodeLabel, type OpDefinition, shapeOf } from './types.js';

/** GlobalAveragePool (N-D, NC...): Y = mean over the spatial dims; dX = Expand(dY, Shape(X)) / area. */
export const globalAveragePool: OpDefinition = {
  opType: 'GlobalAveragePool',
  inferShapes(node, shapes) {
    const x = shapeOf(shapes, 0, node);
    if (x.length < 3)
      throw new GraphError(`${nodeLabel(node)}: expected an [N, C, ...spatial] input, got [${x}]`);
    return [[...x.slice(0, 2), ...x.slice(2).map(() => 1)]];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const x = input(node, 0);
    const spatial = ctx.shape(x).slice(2);
    if (!spatial.every((d) => typeof d === 'number')) {
      throw new GraphError(
        `${nodeLabel(node)}: expected fixed spatial dims, got [${ctx.shape(x)}]`,
      );
    }
    const area = (spatial as number[]).reduce((a, b) => a * b, 1);
    const spread = ctx.op('Expand', [dY, ctx.op('Shape', [x])]);
    return [ctx.op('Mul', [spread, ctx.floatConstant([1 / area], [])])];
  },
};
