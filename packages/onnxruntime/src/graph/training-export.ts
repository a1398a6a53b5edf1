import { GraphError, nodeLabel } from '../ops/types.js';
import type { GraphNode } from './types.js';

/**
 * Rewrites the nodes of a training-mode export (`torch.onnx.export(..., training=TRAINING)`)
 * into the forward form the trainer builds its graphs from, where the node's training
 * behaviour is the trainer's to add:
 * - BatchNormalization with `training_mode = 1` (opset 14+) or the extra outputs of opset <= 13
 *   (running mean/var, saved mean/var) becomes the plain form with one output; the trainer
 *   updates the running statistics as buffers instead.
 * - Dropout loses its `training_mode` input (a bool constant: evaluation must not drop) and
 *   its mask output; the train-step graph feeds its own seeded mask.
 * Extra outputs read by another node or a graph output cannot be dropped and are refused.
 */
export function fromTrainingExport(
  nodes: readonly GraphNode[],
  graphOutputs: readonly string[],
): GraphNode[] {
  const read = new Set([...nodes.flatMap((n) => n.inputs), ...graphOutputs]);
  const onlyFirstOutput = (node: GraphNode): string[] => {
    const dropped = node.outputs.slice(1).filter((o) => o !== '' && read.has(o));
    if (dropped.length > 0) {
      throw new GraphError(
        `${nodeLabel(node)}: its training-mode outputs ${dropped.map((o) => `'${o}'`).join(', ')} are read by the graph; only the first output is supported`,
      );
    }
    return node.outputs.slice(0, 1);
  };
  return nodes.map((node) => {
    if (node.opType === 'BatchNormalization') {
      const { training_mode: _training, ...attributes } = node.attributes ?? {};
      return { ...node, outputs: onlyFirstOutput(node), attributes };
    }
    if (node.opType === 'Dropout') {
      return { ...node, inputs: node.inputs.slice(0, 2), outputs: onlyFirstOutput(node) };
    }
    return node;
  });
}
