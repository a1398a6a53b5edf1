import { findOpDefinition } from '../ops/registry.js';
import { GraphError, nodeLabel, type Shape } from '../ops/types.js';
import type { ConstTensor, DataType, GraphNode } from './types.js';

/**
 * A value known at load time. Integer values may hold symbolic dims (`'batch'`): `Shape(x)`
 * of a batch-sized x is `['batch', 16, 4, 4]`, and stays symbolic through Gather, Unsqueeze
 * and Concat until a Reshape reads it.
 */
interface KnownValue {
  readonly dtype: DataType;
  readonly dims: readonly number[];
  readonly values: readonly (number | string)[];
}

/** Ops the pass can evaluate in JS; with only these, a shape subgraph leaves no node behind. */
export const FOLDABLE_OPS: ReadonlySet<string> = new Set([
  'Constant',
  'Identity',
  'Cast',
  'Shape',
  'Gather',
  'Unsqueeze',
  'Squeeze',
  'Concat',
  'Reshape',
  'Add',
  'Sub',
  'Mul',
  'Pad',
  'ConstantOfShape',
  'Slice',
  'Transpose',
]);

const CAST_TYPES: Record<number, DataType> = {
  1: 'float32',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  11: 'float64',
};

function toKnown(t: ConstTensor): KnownValue {
  return {
    dtype: t.dtype,
    dims: t.dims,
    values: Array.from(t.data as ArrayLike<number | bigint>, Number),
  };
}

function ints(node: GraphNode, name: string): number[] | undefined {
  const a = node.attributes?.[name];
  return a && 'ints' in a ? [...a.ints] : undefined;
}

function int(node: GraphNode, name: string, fallback: number): number {
  const a = node.attributes?.[name];
  return a && 'i' in a ? a.i : fallback;
}

function numeric(values: readonly (number | string)[]): number[] | undefined {
  return values.every((v) => typeof v === 'number') ? (values as number[]) : undefined;
}

/** Axes from an opset-13 input or an older attribute, normalized against `rank`. */
function axesOf(node: GraphNode, args: readonly (KnownValue | undefined)[], rank: number) {
  const raw = args[1] ? numeric(args[1].values) : ints(node, 'axes');
  return raw?.map((a) => (a < 0 ? a + rank : a));
}

function elementwise(
  a: KnownValue,
  b: KnownValue,
  f: (x: number, y: number) => number,
): KnownValue | undefined {
  const x = numeric(a.values);
  const y = numeric(b.values);
  if (!x || !y) return undefined;
  if (y.length === 1) return { ...a, values: x.map((v) => f(v, y[0] as number)) };
  if (x.length === 1) return { ...b, values: y.map((v) => f(x[0] as number, v)) };
  if (x.length !== y.length) return undefined;
  return { ...a, values: x.map((v, i) => f(v, y[i] as number)) };
}

function strides(dims: readonly number[]): number[] {
  const out = dims.map(() => 1);
  for (let i = dims.length - 2; i >= 0; i--)
    out[i] = (out[i + 1] as number) * (dims[i + 1] as number);
  return out;
}

/** Values at the output positions, each read from `source(index per axis)`. */
function gatherPositions(
  a: KnownValue,
  dims: readonly number[],
  source: (index: number[]) => number[],
): KnownValue {
  const inStrides = strides(a.dims);
  const outStrides = strides(dims);
  const total = dims.reduce((p, q) => p * q, 1);
  const values: (number | string)[] = [];
  for (let k = 0; k < total; k++) {
    const index = dims.map((d, i) => Math.floor(k / (outStrides[i] as number)) % d);
    const from = source(index).reduce((acc, v, i) => acc + v * (inStrides[i] as number), 0);
    values.push(a.values[from] as number | string);
  }
  return { dtype: a.dtype, dims: [...dims], values };
}

/** ONNX Slice (opset 10+: starts, ends, axes, steps as inputs) on a known value. */
function slice(a: KnownValue, args: readonly (KnownValue | undefined)[]): KnownValue | undefined {
  const [starts, ends, axesIn, stepsIn] = [1, 2, 3, 4].map((i) => {
    const v = args[i];
    return v ? numeric(v.values) : undefined;
  });
  if (!starts || !ends) return undefined;
  const rank = a.dims.length;
  const axes = (axesIn ?? starts.map((_v, i) => i)).map((x) => (x < 0 ? x + rank : x));
  const begin = a.dims.map(() => 0);
  const step = a.dims.map(() => 1);
  const dims = [...a.dims];
  axes.forEach((axis, i) => {
    const n = a.dims[axis] as number;
    const s = stepsIn?.[i] ?? 1;
    const clamp = (v: number, low: number, high: number) => Math.min(Math.max(v, low), high);
    let from = starts[i] as number;
    let to = ends[i] as number;
    from = from < 0 ? from + n : from;
    to = to < 0 ? to + n : to;
    if (s > 0) {
      from = clamp(from, 0, n);
      to = clamp(to, 0, n);
    } else {
      from = clamp(from, 0, n - 1);
      to = clamp(to, -1, n - 1);
    }
    begin[axis] = from;
    step[axis] = s;
    dims[axis] = Math.max(0, Math.ceil((to - from) / s));
  });
  return gatherPositions(a, dims, (index) =>
    index.map((v, i) => (begin[i] as number) + v * (step[i] as number)),
  );
}

/** Evaluates one node whose inputs are all known; `undefined` when the form is not handled. */
function evaluate(
  node: GraphNode,
  args: readonly (KnownValue | undefined)[],
  shapeOf: (name: string) => Shape | undefined,
): KnownValue | undefined {
  const [a, b] = args;
  switch (node.opType) {
    case 'Identity':
      return a;
    case 'Cast': {
      const dtype = CAST_TYPES[int(node, 'to', 1)];
      if (!a || !dtype) return undefined;
      const integer = dtype === 'int64' || dtype === 'int32';
      const values = a.values.map((v) =>
        typeof v === 'string'
          ? v
          : dtype === 'bool'
            ? Number(v !== 0)
            : integer
              ? Math.trunc(v)
              : v,
      );
      if (!integer && values.some((v) => typeof v === 'string')) return undefined;
      return { dtype, dims: a.dims, values };
    }
    case 'Shape': {
      const shape = shapeOf(node.inputs[0] ?? '');
      if (!shape) return undefined;
      const start = int(node, 'start', 0);
      const end = int(node, 'end', shape.length);
      const dims = shape.slice(
        start < 0 ? start + shape.length : start,
        end < 0 ? end + shape.length : end,
      );
      return { dtype: 'int64', dims: [dims.length], values: dims };
    }
    case 'Gather': {
      if (!a || !b || a.dims.length !== 1) return undefined;
      const indices = numeric(b.values);
      if (!indices) return undefined;
      const n = a.values.length;
      const values = indices.map((i) => a.values[i < 0 ? i + n : i]);
      if (values.some((v) => v === undefined)) return undefined;
      return { dtype: a.dtype, dims: b.dims, values: values as (number | string)[] };
    }
    case 'Unsqueeze': {
      if (!a) return undefined;
      const rank = a.dims.length + (args[1]?.values.length ?? ints(node, 'axes')?.length ?? 0);
      const axes = axesOf(node, args, rank);
      if (!axes) return undefined;
      const dims: number[] = [];
      let source = 0;
      for (let i = 0; i < rank; i++) dims.push(axes.includes(i) ? 1 : (a.dims[source++] as number));
      return { ...a, dims };
    }
    case 'Squeeze': {
      if (!a) return undefined;
      const axes = axesOf(node, args, a.dims.length);
      const dims = a.dims.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
      return { ...a, dims };
    }
    case 'Concat': {
      if (args.some((v) => v === undefined || v.dims.length !== 1)) return undefined;
      const parts = args as KnownValue[];
      const values = parts.flatMap((p) => p.values);
      return { dtype: parts[0]?.dtype ?? 'int64', dims: [values.length], values };
    }
    case 'Reshape': {
      const target = b && numeric(b.values);
      if (!a || !target || numeric(a.values) === undefined) return undefined;
      const dims = target.map((d, i) => (d === 0 ? (a.dims[i] ?? 0) : d));
      const rest = dims.filter((d) => d !== -1).reduce((p, q) => p * q, 1);
      return { ...a, dims: dims.map((d) => (d === -1 ? a.values.length / rest : d)) };
    }
    case 'ConstantOfShape': {
      const dims = a && numeric(a.values);
      if (!dims) return undefined;
      const attr = node.attributes?.value;
      const fill = attr && 't' in attr ? toKnown(attr.t) : undefined;
      const total = dims.reduce((p, q) => p * q, 1);
      return {
        dtype: fill?.dtype ?? 'float32',
        dims,
        values: new Array<number | string>(total).fill(fill?.values[0] ?? 0),
      };
    }
    case 'Slice':
      return a ? slice(a, args) : undefined;
    case 'Transpose': {
      if (!a) return undefined;
      const perm = ints(node, 'perm') ?? a.dims.map((_d, i) => a.dims.length - 1 - i);
      const dims = perm.map((p) => a.dims[p] as number);
      return gatherPositions(a, dims, (index) => {
        const from = new Array<number>(index.length);
        perm.forEach((p, i) => {
          from[p] = index[i] as number;
        });
        return from;
      });
    }
    case 'Add':
      return a && b ? elementwise(a, b, (x, y) => x + y) : undefined;
    case 'Sub':
      return a && b ? elementwise(a, b, (x, y) => x - y) : undefined;
    case 'Mul':
      return a && b ? elementwise(a, b, (x, y) => x * y) : undefined;
    default:
      return undefined;
  }
}

/** A Reshape target with symbolic dims, written so it holds for every batch size. */
function reshapeTarget(node: GraphNode, value: KnownValue, input: Shape): number[] {
  const allowZero = int(node, 'allowzero', 0) === 1;
  const symbolic = value.values.filter((v) => typeof v === 'string').length;
  const inferred = value.values.filter((v) => v === -1).length;
  return value.values.map((v, i) => {
    if (typeof v === 'number') return v;
    // 0 copies the input's dim at the same position: `x.view(x.size(0), -1)`.
    if (!allowZero && input[i] === v) return 0;
    if (symbolic === 1 && inferred === 0) return -1;
    throw new GraphError(
      `${nodeLabel(node)}: its shape [${value.values}] depends on the batch size in a way that cannot be written for every batch size`,
    );
  });
}

function toTensor(name: string, value: KnownValue, numbers: readonly number[]): ConstTensor {
  const dims = [...value.dims];
  switch (value.dtype) {
    case 'float32':
      return { name, dtype: 'float32', dims, data: Float32Array.from(numbers) };
    case 'float64':
      return { name, dtype: 'float64', dims, data: Float64Array.from(numbers) };
    case 'int32':
      return { name, dtype: 'int32', dims, data: Int32Array.from(numbers) };
    case 'bool':
      return { name, dtype: 'bool', dims, data: Uint8Array.from(numbers) };
    default:
      return { name, dtype: 'int64', dims, data: BigInt64Array.from(numbers, BigInt) };
  }
}

/** What {@link foldConstants} leaves. */
export interface FoldedGraph {
  readonly nodes: GraphNode[];
  /** The constants the remaining nodes read (folded values among them). */
  readonly constants: ConstTensor[];
}

/**
 * Evaluates at load time every node whose inputs are all constants or static shapes (torch's
 * `x.view(x.size(0), -1)` is Shape -> Gather -> Unsqueeze -> Concat -> Reshape), keeping the
 * batch dim symbolic: a Reshape target `['batch', -1]` becomes `[0, -1]`, valid for every batch
 * size. An all-zero Pad becomes its input. `known` holds the shapes of the graph input and the
 * parameters; other shapes come from each op's shape inference as the pass walks the nodes.
 */
export function foldConstants(
  nodes: readonly GraphNode[],
  constants: readonly ConstTensor[],
  known: ReadonlyMap<string, Shape>,
  graphOutputs: readonly string[],
): FoldedGraph {
  const original = new Map(constants.map((c) => [c.name, c]));
  const values = new Map<string, KnownValue>(constants.map((c) => [c.name, toKnown(c)]));
  const shapes = new Map<string, Shape>(known);
  for (const c of constants) shapes.set(c.name, c.dims);
  const alias = new Map<string, string>();
  const kept: GraphNode[] = [];
  const materialized = new Map<string, ConstTensor>();
  const constantFor = (name: string) => {
    const existing = original.get(name) ?? materialized.get(name);
    if (existing) return existing;
    const value = values.get(name);
    const numbers = value && numeric(value.values);
    if (!value || !numbers) return undefined;
    const tensor = toTensor(name, value, numbers);
    materialized.set(name, tensor);
    return tensor;
  };

  for (const raw of nodes) {
    const node = { ...raw, inputs: raw.inputs.map((n) => alias.get(n) ?? n) };
    const args = node.inputs.map((n) => (n === '' ? undefined : values.get(n)));
    const allKnown = node.inputs.every((n, i) => n === '' || args[i] !== undefined);
    const folded =
      FOLDABLE_OPS.has(node.opType) && (allKnown || node.opType === 'Shape')
        ? evaluate(node, args, (n) => shapes.get(n))
        : undefined;
    const out = node.outputs[0] ?? '';
    if (folded && node.outputs.length === 1 && !graphOutputs.includes(out)) {
      values.set(out, folded);
      shapes.set(out, folded.dims);
      continue;
    }
    if (node.opType === 'Pad' && isZeroPad(node, values) && !graphOutputs.includes(out)) {
      alias.set(out, node.inputs[0] ?? '');
      continue;
    }
    const def = findOpDefinition(node.opType);
    if (def === undefined) {
      throw new GraphError(
        `${nodeLabel(node)}: expected its inputs to be constants or static shapes, so that it folds away at load (${node.opType} has no gradient rule)`,
      );
    }
    // Known values a kept node reads become constants; a Reshape target may hold the batch dim.
    const inputs = node.inputs.map((name, i) => {
      const value = values.get(name);
      if (value === undefined || original.has(name) || numeric(value.values)) return name;
      if (node.opType === 'Reshape' && i === 1) {
        const target = reshapeTarget(node, value, shapes.get(node.inputs[0] ?? '') ?? []);
        const fixedName = `${name}/for_every_batch`;
        materialized.set(fixedName, toTensor(fixedName, value, target));
        return fixedName;
      }
      throw new GraphError(
        `${nodeLabel(node)}: input '${name}' depends on the batch size; only a Reshape's shape may`,
      );
    });
    const rewritten = { ...node, inputs };
    inputs.forEach((name) => {
      if (!original.has(name)) constantFor(name);
    });
    const inputShapes = inputs.map((name) => (name === '' ? [] : (shapes.get(name) ?? [])));
    const ctx = { constant: (name: string) => original.get(name) ?? materialized.get(name) };
    const outShapes = def.inferShapes(rewritten, inputShapes, ctx);
    rewritten.outputs.forEach((name, i) => {
      const s = outShapes[i];
      if (name !== '' && s !== undefined) shapes.set(name, s);
    });
    kept.push(rewritten);
  }
  const read = new Set(kept.flatMap((n) => n.inputs));
  const all = [...original.values(), ...materialized.values()];
  return { nodes: kept, constants: all.filter((c) => read.has(c.name)) };
}

function isZeroPad(node: GraphNode, values: ReadonlyMap<string, KnownValue>): boolean {
  const padsName = node.inputs[1];
  const pads = padsName ? values.get(padsName) : undefined;
  const list = pads ? numeric(pads.values) : ints(node, 'pads');
  return list?.every((p) => p === 0) ?? false;
}
