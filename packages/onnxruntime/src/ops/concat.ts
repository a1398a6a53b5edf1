import type { Dim } from '../graph/types.js';
import { intAttr } from '../graph/types.js';
import { normalizeAxis } from './axes.js';
import { GraphError, nodeLabel, type OpDefinition, output, shapeOf } from './types.js';

/** Concat (any axis, negative too): dX_i = the i-th piece of Split(dY, sizes along axis). */
export const concat: OpDefinition = {
  opType: 'Concat',
  inferShapes(node, shapes) {
    const first = shapeOf(shapes, 0, node);
    const axis = normalizeAxis(node, intAttr(node, 'axis', 0), first.length);
    const dims: Dim[] = node.inputs.map((_name, i) => {
      const s = shapeOf(shapes, i, node);
      if (s.length !== first.length) {
        throw new GraphError(
          `${nodeLabel(node)}: expected inputs of rank ${first.length}, got [${s}]`,
        );
      }
      return s[axis] as Dim;
    });
    // Symbolic sizes along the axis stay symbolic, named after their sum.
    const total: Dim = dims.every((d) => typeof d === 'number')
      ? (dims as number[]).reduce((a, b) => a + b, 0)
      : dims.join('+');
    const out = [...first];
    out[axis] = total;
    return [out];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const wanted = node.inputs.map((_n, i) => ctx.wants(node, i));
    if (!wanted.some(Boolean)) return [];
    const rank = ctx.shape(output(node, 0)).length;
    const axis = normalizeAxis(node, intAttr(node, 'axis', 0), rank);
    const sizes = node.inputs.map((name) => {
      const d = ctx.shape(name)[axis];
      if (typeof d !== 'number') {
        throw new GraphError(
          `${nodeLabel(node)}: expected fixed sizes along axis ${axis}, got ${d}`,
        );
      }
      return d;
    });
    if (sizes.length === 1) return [dY];
    const pieces = ctx.emit(
      'Split',
      [dY, ctx.int64Constant(sizes)],
      { axis: { i: axis } },
      sizes.length,
    );
    return pieces.map((p, i) => (wanted[i] ? p : undefined));
  },
};
