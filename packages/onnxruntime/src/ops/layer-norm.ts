import type { Dim } from '../graph/types.js';
import { intAttr } from '../graph/types.js';
import { normalizeAxis } from './axes.js';
import {
  GraphError,
  input,
  nodeLabel,
  type OpDefinition,
  output,
  reduceTo,
  shapeOf,
} from './types.js';

/**
 * LayerNormalization (opset 17): normalizes over the axes from `axis` to the last, then
 * scales and shifts. The train-step graph also outputs Mean and InvStdDev, from which
 * x̂ = (X - Mean) * InvStdDev and, with g = dY * Scale averaged over the normalized axes,
 * dX = InvStdDev * (g - mean(g) - x̂ * mean(g * x̂)); dScale = sum(dY * x̂), dB = sum(dY)
 * over the leading axes.
 */
export const layerNormalization: OpDefinition = {
  opType: 'LayerNormalization',
  inferShapes(node, shapes) {
    const x = shapeOf(shapes, 0, node);
    const axis = normalizeAxis(node, intAttr(node, 'axis', -1), x.length);
    const stats: Dim[] = x.map((d, i) => (i < axis ? d : 1));
    return [x, stats, stats];
  },
  forTraining(node) {
    if (node.outputs[1] && node.outputs[2]) return { nodes: [node] };
    const y = output(node, 0);
    return {
      nodes: [
        { ...node, outputs: [y, node.outputs[1] || `${y}.mean`, node.outputs[2] || `${y}.invstd`] },
      ],
    };
  },
  gradient(node, [dY, dMean, dInvStd], ctx) {
    if (dMean !== undefined || dInvStd !== undefined) {
      throw new GraphError(
        `${nodeLabel(node)}: gradients through the Mean/InvStdDev outputs are not supported`,
      );
    }
    if (dY === undefined) return [];
    const x = input(node, 0);
    const scale = input(node, 1);
    const yShape = ctx.shape(output(node, 0));
    const rank = yShape.length;
    const axis = normalizeAxis(node, intAttr(node, 'axis', -1), rank);
    const axes = Array.from({ length: rank - axis }, (_, i) => axis + i);
    // ReduceMean takes axes as an attribute up to opset 17, the opset the graphs target.
    const mean = (name: string) =>
      ctx.op('ReduceMean', [name], { axes: { ints: axes }, keepdims: { i: 1 } });
    const invStd = output(node, 2);
    const xHat = ctx.op('Mul', [ctx.op('Sub', [x, output(node, 1)]), invStd]);
    let dX: string | undefined;
    if (ctx.wants(node, 0)) {
      const g = ctx.op('Mul', [dY, scale]);
      const centered = ctx.op('Sub', [g, mean(g)]);
      const projection = ctx.op('Mul', [xHat, mean(ctx.op('Mul', [g, xHat]))]);
      dX = ctx.op('Mul', [invStd, ctx.op('Sub', [centered, projection])]);
    }
    const dScale = ctx.wants(node, 1)
      ? reduceTo(ctx, ctx.op('Mul', [dY, xHat]), yShape, scale)
      : undefined;
    const bias = node.inputs[2];
    const dB = bias && ctx.wants(node, 2) ? reduceTo(ctx, dY, yShape, bias) : undefined;
    return [dX, dScale, dB];
  },
};
