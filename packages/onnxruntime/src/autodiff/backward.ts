import type { Attribute, ConstTensor, GraphNode } from '../graph/types.js';
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

  const out: GraphNode[] = [];
  const constants: ConstTensor[] = [];
  const constantKeys = new Map<string, string>();
  let counter = 0;
  const ONE = 'grad/one';
  constants.push({ name: ONE, dtype: 'float32', dims: [], data: new Float32Array([1]) });

  const constant = (
    dtype: 'float32' | 'int64',
    values: readonly number[],
    dims: readonly number[],
  ) => {
    const key = `${dtype}:${dims.join('x')}:${values.join(',')}`;
    const existing = constantKeys.get(key);
    if (existing !== undefined) return existing;
    const name = `grad/const${constantKeys.size}`;
    constantKeys.set(key, name);
    const data =
      dtype === 'float32' ? new Float32Array(values) : BigInt64Array.from(values, (v) => BigInt(v));
    constants.push({ name, dtype, dims: [...dims], data });
    return name;
  };

  let current: GraphNode | undefined;
  const ctx: GradientContext = {
    emit(opType, inputs, attributes?: Readonly<Record<string, Attribute>>, outputCount = 1) {
      const base = `grad/${current?.name ?? 'root'}/${opType}${counter++}`;
      const outputs = Array.from({ length: outputCount }, (_, i) =>
        i === 0 ? base : `${base}:${i}`,
      );
      out.push({
        opType,
        name: base,
        inputs: [...inputs],
        outputs,
        ...(attributes ? { attributes } : {}),
      });
      return outputs;
    },
    op(opType, inputs, attributes) {
      return ctx.emit(opType, inputs, attributes, 1)[0] as string;
    },
    floatConstant: (values, dims) => constant('float32', values, dims),
    int64Constant: (values, dims) => constant('int64', values, dims ?? [values.length]),
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
    current = node;
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
  const used = new Set(out.flatMap((n) => n.inputs));
  return { nodes: out, constants: constants.filter((c) => used.has(c.name)), gradients };
}
