import type { Dim } from '../graph/types.js';
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

/**
 * MatMul, 2-D or N-D with NumPy broadcasting of the batch dims: Y = A B.
 * dA = dY B^T, dB = A^T dY (B^T, A^T swap the last two dims), each summed back over the batch
 * dims its input was broadcast along. 2-D x 2-D uses Gemm; a 2-D B (a Linear layer on a
 * sequence) gets dB as one Gemm over the flattened batch. 1-D operands are not supported.
 */
export const matMul: OpDefinition = {
  opType: 'MatMul',
  inferShapes(node, shapes) {
    const a = shapeOf(shapes, 0, node);
    const b = shapeOf(shapes, 1, node);
    if (a.length < 2 || b.length < 2) {
      throw new GraphError(
        `${nodeLabel(node)}: expected operands of rank >= 2 (1-D MatMul is not differentiable here), got [${a}] x [${b}]`,
      );
    }
    const k = a[a.length - 1];
    const kb = b[b.length - 2];
    if (typeof k === 'number' && typeof kb === 'number' && k !== kb) {
      throw new GraphError(`${nodeLabel(node)}: inner dims differ: [${a}] x [${b}]`);
    }
    const batch = broadcast(a.slice(0, -2), b.slice(0, -2), node);
    return [[...batch, a[a.length - 2] as Dim, b[b.length - 1] as Dim]];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const a = input(node, 0);
    const b = input(node, 1);
    const aRank = ctx.shape(a).length;
    const bRank = ctx.shape(b).length;
    if (aRank === 2 && bRank === 2) {
      return [
        ctx.wants(node, 0) ? ctx.op('Gemm', [dY, b], { transB: { i: 1 } }) : undefined,
        ctx.wants(node, 1) ? ctx.op('Gemm', [a, dY], { transA: { i: 1 } }) : undefined,
      ];
    }
    const yShape = ctx.shape(output(node, 0));
    const swapLast = (name: string, rank: number) =>
      ctx.op('Transpose', [name], {
        perm: { ints: [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2] },
      });
    let dA: string | undefined;
    let dB: string | undefined;
    if (ctx.wants(node, 0)) {
      const full = ctx.op('MatMul', [dY, swapLast(b, bRank)]);
      const aShape = ctx.shape(a);
      dA = reduceTo(ctx, full, [...yShape.slice(0, -1), aShape[aRank - 1] as Dim], a);
    }
    if (ctx.wants(node, 1)) {
      if (bRank === 2) {
        // Every batch row shares B: dB = A_flat^T dY_flat.
        const flatten = (name: string, last: Dim) =>
          ctx.op('Reshape', [name, ctx.int64Constant([-1, last as number])]);
        const bShape = ctx.shape(b);
        dB = ctx.op('Gemm', [flatten(a, bShape[0] as Dim), flatten(dY, bShape[1] as Dim)], {
          transA: { i: 1 },
        });
      } else {
        const full = ctx.op('MatMul', [swapLast(a, aRank), dY]);
        const bShape = ctx.shape(b);
        dB = reduceTo(
          ctx,
          full,
          [...yShape.slice(0, -2), bShape[bRank - 2] as Dim, yShape[yShape.length - 1] as Dim],
          b,
        );
      }
    }
    return [dA, dB];
  },
};
