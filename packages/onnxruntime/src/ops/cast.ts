import { intAttr } from '../graph/types.js';
import { GraphError, nodeLabel, type OpDefinition, shapeOf } from './types.js';

const FLOAT = 1;

/**
 * Cast. Differentiable only float-to-float (dX = dY): a cast from an integer input (token ids,
 * an integer batch) carries no gradient, which is what `wants` already says for such inputs.
 */
export const cast: OpDefinition = {
  opType: 'Cast',
  inferShapes: (node, shapes) => [shapeOf(shapes, 0, node)],
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    if (intAttr(node, 'to', FLOAT) !== FLOAT) {
      throw new GraphError(
        `${nodeLabel(node)}: a gradient flows through a cast to a non-float type`,
      );
    }
    return [dY];
  },
};
