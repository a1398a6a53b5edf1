import { GraphError, input, nodeLabel, type OpDefinition, shapeOf } from './types.js';

/** MatMul (2-D): Y = A B; dA = dY B^T, dB = A^T dY. */
export const matMul: OpDefinition = {
  opType: 'MatMul',
  inferShapes(node, shapes) {
    const a = shapeOf(shapes, 0, node);
    const b = shapeOf(shapes, 1, node);
    if (a.length !== 2 || b.length !== 2) {
      throw new GraphError(
        `${nodeLabel(node)}: only 2-D MatMul is differentiable here, got [${a}] x [${b}]`,
      );
    }
    return [[a[0] ?? 0, b[1] ?? 0]];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const a = input(node, 0);
    const b = input(node, 1);
    return [
      ctx.wants(node, 0) ? ctx.op('Gemm', [dY, b], { transB: { i: 1 } }) : undefined,
      ctx.wants(node, 1) ? ctx.op('Gemm', [a, dY], { transA: { i: 1 } }) : undefined,
    ];
  },
};
