import { opDefinition } from '../ops/registry.js';
import { GraphError, type Shape } from '../ops/types.js';
import type { ConstTensor, GraphNode } from './types.js';

/**
 * Static shapes of every value, node by node (nodes must be in topological order).
 * `known` holds the shapes of graph inputs, parameters and constants.
 */
export function inferShapes(
  nodes: readonly GraphNode[],
  known: ReadonlyMap<string, Shape>,
  constants: ReadonlyMap<string, ConstTensor>,
): Map<string, Shape> {
  const shapes = new Map(known);
  const ctx = { constant: (name: string) => constants.get(name) };
  for (const node of nodes) {
    const def = opDefinition(node.opType, node.name);
    const inputShapes = node.inputs.map((name) => {
      if (name === '') return [];
      const s = shapes.get(name);
      if (s === undefined) {
        throw new GraphError(
          `${node.opType} node '${node.name}': input '${name}' is not produced by an earlier node, a graph input or a parameter`,
        );
      }
      return s;
    });
    const out = def.inferShapes(node, inputShapes, ctx);
    node.outputs.forEach((name, i) => {
      const s = out[i];
      if (name !== '' && s !== undefined) shapes.set(name, s);
    });
  }
  return shapes;
}
