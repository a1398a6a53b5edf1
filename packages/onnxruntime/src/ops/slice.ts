import type { Dim } from '../graph/types.js';
import { constantInts, normalizeAxis } from './axes.js';
import { GraphError, input, nodeLabel, type OpDefinition, shapeOf } from './types.js';

/** ONNX Slice's clamping of a start/end on a dim of size `dim` (step 1). */
function clampIndex(value: number, dim: number): number {
  const v = value < 0 ? value + dim : value;
  return Math.min(Math.max(v, 0), dim);
}

/**
 * Slice (opset >= 13, step 1; e.g. torch's split of a packed q/k/v projection): dX = dY padded
 * back with zeros, pads begin = the clamped starts, end = dim - the clamped ends. The pads are
 * computed in the graph from the node's own starts/ends/axes inputs, so the rule needs no
 * constant values.
 */
export const slice: OpDefinition = {
  opType: 'Slice',
  inferShapes(node, shapes, ctx) {
    const x = shapeOf(shapes, 0, node);
    const starts = constantInts(node, 1, ctx, 'starts') ?? [];
    const ends = constantInts(node, 2, ctx, 'ends') ?? [];
    const axes = constantInts(node, 3, ctx, 'axes') ?? starts.map((_s, i) => i);
    const steps = constantInts(node, 4, ctx, 'steps') ?? starts.map(() => 1);
    if (steps.some((s) => s !== 1)) {
      throw new GraphError(`${nodeLabel(node)}: only steps of 1 are supported, got [${steps}]`);
    }
    if (ends.length !== starts.length || axes.length !== starts.length) {
      throw new GraphError(`${nodeLabel(node)}: expected as many starts, ends and axes`);
    }
    const out: Dim[] = [...x];
    axes.forEach((a, i) => {
      const axis = normalizeAxis(node, a, x.length);
      const d = x[axis];
      if (typeof d !== 'number') {
        throw new GraphError(`${nodeLabel(node)}: cannot slice the symbolic dim ${d} of [${x}]`);
      }
      out[axis] = Math.max(
        clampIndex(ends[i] as number, d) - clampIndex(starts[i] as number, d),
        0,
      );
    });
    return [out];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const x = input(node, 0);
    const rank = ctx.shape(x).length;
    const count = ctx.shape(input(node, 1))[0];
    if (typeof count !== 'number') throw new GraphError(`${nodeLabel(node)}: expected 1-D starts`);
    const axesName = node.inputs[3];
    const axes =
      axesName !== undefined && axesName !== ''
        ? axesName
        : ctx.int64Constant(Array.from({ length: count }, (_, i) => i));
    const zero = ctx.int64Constant([0], []);
    const dims = ctx.op('Gather', [ctx.op('Shape', [x]), axes]);
    const clamped = (name: string) => {
      const wrapped = ctx.op('Where', [
        ctx.op('Less', [name, zero]),
        ctx.op('Add', [name, dims]),
        name,
      ]);
      return ctx.op('Min', [ctx.op('Max', [wrapped, zero]), dims]);
    };
    const begin = clamped(input(node, 1));
    // An empty slice (end < start) pads with everything after start: end pad = dim - start.
    const end = ctx.op('Sub', [dims, ctx.op('Max', [clamped(input(node, 2)), begin])]);
    const zeros = ctx.int64Constant(new Array<number>(rank).fill(0));
    const place = (values: string) =>
      ctx.op('ScatterElements', [zeros, axes, values], { axis: { i: 0 } });
    const pads = ctx.op('Concat', [place(begin), place(end)], { axis: { i: 0 } });
    return [ctx.op('Pad', [dY, pads], { mode: { s: 'constant' } })];
  },
};
