import type { Dim } from '../graph/types.js';
import { intAttr } from '../graph/types.js';
import { constantInts, normalizeAxis } from './axes.js';
import { GraphError, nodeLabel, type OpDefinition, shapeOf } from './types.js';

/**
 * Split (opset 13: sizes from the `split` input, without it equal parts, the last one smaller
 * as at opset 18; torch's `torch.split(z, [16, 32], dim=-1)`):
 * dX = Concat of the output gradients along the axis, zeros for an output no loss reads.
 */
export const split: OpDefinition = {
  opType: 'Split',
  inferShapes(node, shapes, ctx) {
    const x = shapeOf(shapes, 0, node);
    const axis = normalizeAxis(node, intAttr(node, 'axis', 0), x.length);
    const dim = x[axis];
    if (typeof dim !== 'number') {
      throw new GraphError(`${nodeLabel(node)}: cannot split the symbolic dim ${dim} of [${x}]`);
    }
    const count = node.outputs.length;
    const given = constantInts(node, 1, ctx, 'split');
    // Equal parts; at opset 18 the last one may be smaller (ceil(dim / count) each).
    const part = Math.ceil(dim / count);
    const sizes = given ?? node.outputs.map((_o, i) => Math.min(part, dim - i * part));
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.length !== count || total !== dim || sizes.some((s) => s < 0)) {
      throw new GraphError(
        `${nodeLabel(node)}: expected ${count} sizes adding up to ${dim} (axis ${axis} of [${x}]), got [${sizes}]`,
      );
    }
    return sizes.map((size) => {
      const out: Dim[] = [...x];
      out[axis] = size;
      return out;
    });
  },
  gradient(node, dOutputs, ctx) {
    if (!ctx.wants(node, 0) || dOutputs.every((d) => d === undefined)) return [];
    const axis = normalizeAxis(
      node,
      intAttr(node, 'axis', 0),
      ctx.shape(node.inputs[0] ?? '').length,
    );
    const pieces = node.outputs.map(
      (name, i) => dOutputs[i] ?? ctx.op('ConstantOfShape', [ctx.op('Shape', [name])]),
    );
    return [ctx.op('Concat', pieces, { axis: { i: axis } })];
  },
};
