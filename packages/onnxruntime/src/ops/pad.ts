import { stringAttr } from '../graph/types.js';
import { constantInts } from './axes.js';
import { GraphError, input, nodeLabel, type OpDefinition, shapeOf } from './types.js';

/**
 * Pad, constant mode (opset >= 11: pads and constant_value as inputs):
 * dX = Pad(dY, -pads), i.e. the padding cropped off again (and negative pads' crops refilled
 * with zeros). The padding value gets no gradient.
 */
export const pad: OpDefinition = {
  opType: 'Pad',
  inferShapes(node, shapes, ctx) {
    const x = shapeOf(shapes, 0, node);
    const mode = stringAttr(node, 'mode', 'constant');
    if (mode !== 'constant') {
      throw new GraphError(`${nodeLabel(node)}: only mode 'constant' is supported, got '${mode}'`);
    }
    if (node.inputs[3]) {
      throw new GraphError(
        `${nodeLabel(node)}: the axes input (opset 18) is not supported; pad every axis`,
      );
    }
    const pads = constantInts(node, 1, ctx, 'pads');
    const axes = x.map((_d, i) => i);
    if (pads === undefined || pads.length !== 2 * axes.length) {
      throw new GraphError(
        `${nodeLabel(node)}: expected ${2 * axes.length} pads for [${x}], got [${pads ?? ''}]`,
      );
    }
    const out = [...x];
    axes.forEach((axis, k) => {
      const d = out[axis];
      const grow = (pads[k] as number) + (pads[k + axes.length] as number);
      if (grow === 0) return;
      if (typeof d !== 'number') {
        throw new GraphError(`${nodeLabel(node)}: cannot pad the symbolic dim ${d} of [${x}]`);
      }
      out[axis] = d + grow;
    });
    return [out];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    if (ctx.wants(node, 2)) {
      throw new GraphError(
        `${nodeLabel(node)}: the gradient w.r.t. constant_value is not supported; expected a constant padding value`,
      );
    }
    if (!ctx.wants(node, 0)) return [];
    return [ctx.op('Pad', [dY, ctx.op('Neg', [input(node, 1)])], { mode: { s: 'constant' } })];
  },
};
