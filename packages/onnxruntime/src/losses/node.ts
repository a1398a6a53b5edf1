import type { ConstTensor, GraphNode } from '../graph/types.js';

/**
 * A node named and written under the loss's own prefix (`loss/<name>`), so its values never
 * meet the forward graph's names; `out` is its one output.
 */
export function lossNode(
  opType: string,
  inputs: readonly string[],
  out: string,
  attributes?: GraphNode['attributes'],
): GraphNode {
  return {
    opType,
    name: out,
    inputs: [...inputs],
    outputs: [out],
    ...(attributes ? { attributes } : {}),
  };
}

/** A float32 scalar constant. */
export function scalar(name: string, value: number): ConstTensor {
  return { name, dtype: 'float32', dims: [], data: Float32Array.of(value) };
}

/** Mean over every axis to a scalar (ReduceMean without axes, keepdims 0). */
export function meanOfAll(input: string, out: string): GraphNode {
  return lossNode('ReduceMean', [input], out, { keepdims: { i: 0 } });
}
