import { type Attribute, floatAttr, intAttr } from '../graph/types.js';
import {
  GraphError,
  input,
  nodeLabel,
  type OpDefinition,
  reduceTo,
  type Shape,
  shapeOf,
} from './types.js';

/**
 * Gemm: Y = alpha * op(A) op(B) + beta * C, op(X) = X or X^T per transA/transB.
 * dA = alpha * dY op(B)^T (transposed back when transA), dB = alpha * op(A)^T dY
 * (transposed back when transB), dC = beta * dY summed to C's shape.
 */
export const gemm: OpDefinition = {
  opType: 'Gemm',
  inferShapes(node, shapes) {
    const a = shapeOf(shapes, 0, node);
    const b = shapeOf(shapes, 1, node);
    if (a.length !== 2 || b.length !== 2) {
      throw new GraphError(`${nodeLabel(node)}: expected 2-D inputs, got [${a}] and [${b}]`);
    }
    const m = intAttr(node, 'transA', 0) ? a[1] : a[0];
    const n = intAttr(node, 'transB', 0) ? b[0] : b[1];
    return [[m ?? 0, n ?? 0]];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const transA = intAttr(node, 'transA', 0);
    const transB = intAttr(node, 'transB', 0);
    const alpha = floatAttr(node, 'alpha', 1);
    const beta = floatAttr(node, 'beta', 1);
    const a = input(node, 0);
    const b = input(node, 1);
    const scale: Record<string, Attribute> = alpha === 1 ? {} : { alpha: { f: alpha } };
    let dA: string | undefined;
    let dB: string | undefined;
    if (ctx.wants(node, 0)) {
      dA = transA
        ? ctx.op('Gemm', [b, dY], { ...scale, transA: { i: transB }, transB: { i: 1 } })
        : ctx.op('Gemm', [dY, b], { ...scale, transB: { i: transB ? 0 : 1 } });
    }
    if (ctx.wants(node, 1)) {
      dB = transB
        ? ctx.op('Gemm', [dY, a], { ...scale, transA: { i: 1 }, transB: { i: transA } })
        : ctx.op('Gemm', [a, dY], { ...scale, transA: { i: transA ? 0 : 1 } });
    }
    let dC: string | undefined;
    const c = node.inputs[2];
    if (c !== undefined && c !== '' && ctx.wants(node, 2)) {
      const outShape: Shape = ctx.shape(node.outputs[0] ?? '');
      dC = reduceTo(ctx, dY, outShape, c);
      if (beta !== 1) dC = ctx.op('Mul', [dC, ctx.floatConstant([beta], [])]);
    }
    return [dA, dB, dC];
  },
};
