import { GraphError, input, nodeLabel, type OpDefinition, output, shapeOf } from './types.js';

/**
 * Dropout. In a train-step graph it becomes `Y = X * mask`, where `mask` (0 or 1/(1-ratio))
 * is a graph input named `<node>.mask` that the trainer fills from its seeded generator each
 * step, so training is reproducible and restorable. The gradient is then Mul's:
 * dX = dY * mask. In evaluation and inference graphs Dropout is the identity.
 */
export const dropout: OpDefinition = {
  opType: 'Dropout',
  inferShapes: (node, shapes) => [shapeOf(shapes, 0, node), shapeOf(shapes, 0, node)],
  forTraining(node, ctx) {
    // Opset 12+: ratio is an optional input (default 0.5), training_mode is ignored here.
    const ratioName = node.inputs[1];
    let rate = 0.5;
    if (ratioName) {
      const ratio = ctx.constant(ratioName);
      if (ratio === undefined || ratio.data.length !== 1) {
        throw new GraphError(
          `${nodeLabel(node)}: expected the ratio input to be a scalar constant`,
        );
      }
      rate = Number(ratio.data[0]);
    }
    const mask = `${node.name}.mask`;
    return {
      nodes: [
        {
          opType: 'Mul',
          name: node.name,
          inputs: [input(node, 0), mask],
          outputs: [output(node, 0)],
        },
      ],
      inputs: [
        {
          name: mask,
          dtype: 'float32',
          shape: ctx.shape(input(node, 0)),
          kind: { type: 'dropoutMask', rate },
        },
      ],
    };
  },
  gradient(node, [dY], ctx) {
    // Only reached if a Dropout node was not rewritten; training always rewrites it.
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    return [dY];
  },
};
