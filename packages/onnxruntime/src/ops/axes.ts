import type { GraphNode } from '../graph/types.js';
import { GraphError, nodeLabel, type ShapeContext } from './types.js';

/** An axis in [-rank, rank) as a non-negative index; throws naming the node otherwise. */
export function normalizeAxis(node: GraphNode, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new GraphError(`${nodeLabel(node)}: axis ${axis} is out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * The values of an int64 constant input (axes, pads, split sizes), or undefined when the input
 * is omitted. Shape inference needs them fixed, so a computed input is refused.
 */
export function constantInts(
  node: GraphNode,
  index: number,
  ctx: ShapeContext,
  what: string,
): number[] | undefined {
  const name = node.inputs[index];
  if (name === undefined || name === '') return undefined;
  const tensor = ctx.constant(name);
  if (tensor === undefined) {
    throw new GraphError(`${nodeLabel(node)}: expected ${what} (input ${index}) to be a constant`);
  }
  return Array.from(tensor.data as ArrayLike<number | bigint>, Number);
}
