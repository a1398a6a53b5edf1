import { NodeEmitter } from '../graph/emitter.js';
import type { ConstTensor, GraphNode } from '../graph/types.js';
import { opDefinition } from '../ops/registry.js';
import { type GradientContext, GraphError, type Shape } from '../ops/types.js';

/** The backward part of a train-step graph. */
export interface BackwardGraph {
  readonly nodes: GraphNode[];
  readonly constants: ConstTensor[];
  /** Gradient value name of each requested parameter. */
  readonly gradients: Map<string, string>;
}

/**
 * Reverse-mode differentiation of `loss` with respect to `wrt`, rule by rule from the
 * gradient table (ops/registry.ts). `nodes` must be in topological order.
 */
export function backward(
  nodes: readonly GraphNode[],
  shapes: ReadonlyMap<string, Shape>,
  loss: string,
  wrt: readonly string[],
): BackwardGraph {
  // Values that depend on a parameter: only they need gradients.
  const dependent = new Set(wrt);
  for (const node of nodes) {
    if (node.inputs.some((n) => dependent.has(n))) for (const o of node.outputs) dependent.add(o);
  }

  // Node names: `grad/<forward node>/<opType><n>`, so a gradient node says which rule made it.
  const emitter = new NodeEmitter('grad');
  emitter.scope = 'root';
  const ONE = emitter.constant('grad/one', 'float32', [1], []);

  const ctx: GradientContext = {
    emit: (opType, inputs, attributes, outputCount = 1) =>
      emitter.emit(opType, inputs, attributes, outputCount),
    op: (opType, inputs, attributes) => emitter.op(opType, inputs, attributes),
    floatConstant: (values, dims) => emitter.float(values, dims),
    int64Constant: (values, dims) => emitter.int64(values, dims),
    shape(name) {
      const s = shapes.get(name);
      if (s === undefined) throw new GraphError(`no static shape for value '${name}'`);
      return s;
    },
    wants: (node, index) => dependent.has(node.inputs[index] ?? ''),
    isOne: (name) => name === ONE,
  };

  const pending = new Map<string, string[]>([[loss, [ONE]]]);
  const total = (name: string): string | undefined => {
    const parts = pending.get(name);
    if (parts === undefined || parts.length === 0) return undefined;
    if (parts.length === 1) return parts[0];
    const sum = ctx.op('Sum', parts);
    pending.set(name, [sum]);
    return sum;
  };

  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k] as GraphNode;
    if (!node.inputs.some((n) => dependent.has(n))) continue;
    if (!node.outputs.some((o) => pending.has(o))) continue;
    emitter.scope = node.name;
    const dOutputs = node.outputs.map(total);
    const dInputs = opDefinition(node.opType, node.name).gradient(node, dOutputs, ctx);
    node.inputs.forEach((name, i) => {
      const g = dInputs[i];
      if (g === undefined || !dependent.has(name)) return;
      const parts = pending.get(name);
      if (parts) parts.push(g);
      else pending.set(name, [g]);
    });
  }

  const gradients = new Map<string, string>();
  for (const w of wrt) {
    const g = total(w);
    if (g === undefined) {
      throw new GraphError(`parameter '${w}' does not affect the loss; freeze it or remove it`);
    }
    gradients.set(w, g);
  }
  // The seed constant is only read when a rule multiplies by it; keep only used constants.
  const used = new Set(emitter.nodes.flatMap((n) => n.inputs));
  return {
    nodes: emitter.nodes,
    constants: emitter.constants.filter((c) => used.has(c.name)),
    gradients,
  };
}
