import type { Dim } from '../graph/types.js';
import { intAttr } from '../graph/types.js';
import { normalizeAxis } from './axes.js';
import { GraphError, input, nodeLabel, type OpDefinition, shapeOf } from './types.js';

/**
 * Gather (integer indices, any axis; the embedding lookup): Y = data[..., indices, ...].
 * dData = ScatterND(zeros, indices[..., None], dY, reduction add) with `axis` moved to the
 * front (a Transpose each way when axis > 0), so repeated indices accumulate. The indices get
 * no gradient.
 */
export const gather: OpDefinition = {
  opType: 'Gather',
  inferShapes(node, shapes) {
    const data = shapeOf(shapes, 0, node);
    const indices = shapeOf(shapes, 1, node);
    const axis = normalizeAxis(node, intAttr(node, 'axis', 0), data.length);
    return [[...data.slice(0, axis), ...indices, ...data.slice(axis + 1)] as Dim[]];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    if (ctx.wants(node, 1)) {
      throw new GraphError(`${nodeLabel(node)}: the indices are integers and get no gradient`);
    }
    if (!ctx.wants(node, 0)) return [];
    const data = input(node, 0);
    const indices = input(node, 1);
    const rank = ctx.shape(data).length;
    const r = ctx.shape(indices).length;
    const axis = normalizeAxis(node, intAttr(node, 'axis', 0), rank);
    // Data with `axis` first, and dY with the index dims first to match.
    const dataPerm = [axis, ...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis)];
    const gradPerm = [
      ...Array.from({ length: r }, (_, i) => axis + i),
      ...Array.from({ length: axis }, (_, i) => i),
      ...Array.from({ length: rank - axis - 1 }, (_, i) => axis + r + i),
    ];
    const front = axis === 0 ? data : ctx.op('Transpose', [data], { perm: { ints: dataPerm } });
    const updates = axis === 0 ? dY : ctx.op('Transpose', [dY], { perm: { ints: gradPerm } });
    const zeros = ctx.op('ConstantOfShape', [ctx.op('Shape', [front])]);
    // ScatterND takes int64 indices only; Gather also accepts int32 (a no-op Cast for int64).
    const asInt64 = ctx.op('Cast', [indices], { to: { i: 7 } });
    const at = ctx.op('Unsqueeze', [asInt64, ctx.int64Constant([-1])]);
    const scattered = ctx.op('ScatterND', [zeros, at, updates], { reduction: { s: 'add' } });
    if (axis === 0) return [scattered, undefined];
    const inverse = new Array<number>(rank);
    dataPerm.forEach((p, i) => {
      inverse[p] = i;
    });
    return [ctx.op('Transpose', [scattered], { perm: { ints: inverse } }), undefined];
  },
};
