import { findOpDefinition, supportedOps } from '../ops/registry.js';
import { GraphError, type Shape } from '../ops/types.js';
import { FOLDABLE_OPS, foldConstants } from './fold-constants.js';
import { type OnnxTypes, onnx } from './onnx-proto.js';
import { fromTrainingExport } from './training-export.js';
import type {
  Attribute,
  ConstTensor,
  DataType,
  Dim,
  ForwardGraph,
  GraphNode,
  ModelBuffer,
  Param,
} from './types.js';

const DT = onnx.TensorProto.DataType;

function toNumber(v: number | { toNumber(): number }): number {
  return typeof v === 'number' ? v : v.toNumber();
}

function decodeTensor(t: OnnxTypes.ITensorProto, where: string): ConstTensor {
  const name = t.name ?? '';
  const dims = (t.dims ?? []).map(toNumber);
  const size = dims.reduce((a, b) => a * b, 1);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const copy = (bytesPer: number) => {
    // A fresh copy: protobufjs may hand out views into a shared buffer.
    const bytes = new Uint8Array(raw as Uint8Array);
    if (bytes.length !== size * bytesPer)
      throw new GraphError(
        `${where}: tensor '${name}' has ${bytes.length} bytes, expected ${size * bytesPer}`,
      );
    return bytes.buffer;
  };
  switch (t.dataType) {
    case DT.FLOAT:
      return {
        name,
        dtype: 'float32',
        dims,
        data: raw ? new Float32Array(copy(4)) : Float32Array.from(t.floatData ?? []),
      };
    case DT.INT64:
      return {
        name,
        dtype: 'int64',
        dims,
        data: raw
          ? new BigInt64Array(copy(8))
          : BigInt64Array.from(t.int64Data ?? [], (v) => BigInt(toNumber(v))),
      };
    case DT.INT32:
      return {
        name,
        dtype: 'int32',
        dims,
        data: raw ? new Int32Array(copy(4)) : Int32Array.from(t.int32Data ?? []),
      };
    case DT.BOOL:
      // One byte per value in raw_data; int32_data otherwise (ONNX stores bools there).
      return {
        name,
        dtype: 'bool',
        dims,
        data: raw
          ? new Uint8Array(copy(1))
          : Uint8Array.from(t.int32Data ?? [], (v) => Number(v !== 0)),
      };
    case DT.DOUBLE:
      return {
        name,
        dtype: 'float64',
        dims,
        data: raw ? new Float64Array(copy(8)) : Float64Array.from(t.doubleData ?? []),
      };
    default:
      throw new GraphError(
        `${where}: tensor '${name}' has unsupported data type ${t.dataType} (float32, float64, int64, int32 and bool are supported)`,
      );
  }
}

function decodeAttribute(a: OnnxTypes.IAttributeProto, where: string): Attribute {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case T.INT:
      return { i: toNumber(a.i ?? 0) };
    case T.FLOAT:
      return { f: a.f ?? 0 };
    case T.INTS:
      return { ints: (a.ints ?? []).map(toNumber) };
    case T.FLOATS:
      return { floats: [...(a.floats ?? [])] };
    case T.STRING:
      return { s: new TextDecoder().decode(a.s ?? new Uint8Array()) };
    case T.TENSOR:
      return { t: decodeTensor(a.t ?? {}, where) };
    default:
      throw new GraphError(`${where}: attribute '${a.name}' has unsupported type ${a.type}`);
  }
}

/**
 * Reads a forward ONNX model (default domain, opset >= 13) as a {@link ForwardGraph}:
 * the first graph input that is not an initializer is the batch input (float32, or int64/int32
 * ids; its first dim is treated as the batch), the first graph output is the logits
 * `[batch, classes]`, float initializers are the trainable parameters, except those an op
 * reads as buffers (BatchNormalization's running statistics), and `Constant` nodes and
 * non-float initializers are constants. A training-mode export loads too (see
 * fromTrainingExport), and shape-only subgraphs fold away (see foldConstants). Throws listing
 * every op the gradient table does not support, each with its nodes.
 *
 * @example
 * const forward = loadForwardModel(readFileSync('mlp.onnx'));
 * const trainer = await OnnxTrainer.create({ model: forward, optimizer: { type: 'sgd', momentum: 0.9 }, schedule });
 * // or pass the bytes directly: OnnxTrainer.create({ model: readFileSync('mlp.onnx'), ... })
 */
export function loadForwardModel(bytes: Uint8Array): ForwardGraph {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new GraphError(
      `loadForwardModel: expected ONNX ModelProto bytes, decoding failed: ${(error as Error).message}`,
    );
  }
  const graph = model.graph;
  if (!graph) throw new GraphError('loadForwardModel: the model has no graph');
  const where = 'loadForwardModel';
  const initializers = (graph.initializer ?? []).map((init) => decodeTensor(init, where));
  const initializerNames = new Set(initializers.map((t) => t.name));
  const dataInputs = (graph.input ?? []).filter((i) => !initializerNames.has(i.name ?? ''));
  const first = dataInputs[0];
  if (first === undefined)
    throw new GraphError(`${where}: expected a graph input for the batch, found only initializers`);
  if (dataInputs.length > 1) {
    throw new GraphError(
      `${where}: expected one data input, got ${dataInputs.map((i) => `'${i.name}'`).join(', ')}`,
    );
  }
  const tensorType = first.type?.tensorType;
  const dtype = INPUT_TYPES.get(tensorType?.elemType ?? -1);
  if (dtype === undefined) {
    throw new GraphError(
      `${where}: expected input '${first.name}' to be float32, int64 or int32, got data type ${tensorType?.elemType}`,
    );
  }
  const shape: Dim[] = (tensorType?.shape?.dim ?? []).map((d, i) =>
    i === 0 ? 'batch' : d.dimValue != null ? toNumber(d.dimValue) : (d.dimParam ?? '?'),
  );
  const graphOutputs = (graph.output ?? []).map((o) => o.name ?? '');
  const output = graphOutputs[0];
  if (!output) throw new GraphError(`${where}: expected a graph output (the logits)`);

  const constants = initializers.filter((t) => t.dtype !== 'float32');
  const decoded: GraphNode[] = [];
  (graph.node ?? []).forEach((n, index) => {
    const name = n.name || `${n.opType}_${index}`;
    const opType =
      n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : (n.opType ?? '');
    const attributes: Record<string, Attribute> = {};
    for (const a of n.attribute ?? [])
      attributes[a.name ?? ''] = decodeAttribute(a, `${n.opType} node '${name}'`);
    if (opType === 'Constant') {
      const value = attributes.value;
      if (!value || !('t' in value))
        throw new GraphError(`Constant node '${name}': expected a tensor 'value' attribute`);
      constants.push({ ...value.t, name: n.output?.[0] ?? name });
      return;
    }
    decoded.push({
      opType,
      name,
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attributes,
    });
  });
  checkSupported(
    decoded,
    constants.map((c) => c.name),
  );

  // Float initializers at an op's buffer inputs (BatchNormalization's running statistics) are
  // buffers; the other float initializers are the trainable parameters.
  const bufferNames = new Set(
    decoded.flatMap((node) =>
      (findOpDefinition(node.opType)?.bufferInputs ?? []).map((i) => node.inputs[i] ?? ''),
    ),
  );
  const params: Param[] = [];
  const buffers: ModelBuffer[] = [];
  for (const t of initializers) {
    if (t.dtype !== 'float32') continue;
    const value = { name: t.name, dims: t.dims, data: t.data as Float32Array };
    (bufferNames.has(t.name) ? buffers : params).push(value);
  }
  const known = new Map<string, Shape>([[first.name ?? 'input', shape]]);
  for (const t of initializers) known.set(t.name, t.dims);
  const folded = foldConstants(
    fromTrainingExport(decoded, graphOutputs),
    constants,
    known,
    graphOutputs,
  );
  return {
    input: { name: first.name ?? 'input', dtype, shape },
    output,
    nodes: folded.nodes,
    params,
    constants: folded.constants,
    ...(buffers.length > 0 ? { buffers } : {}),
  };
}

const INPUT_TYPES = new Map<number, DataType>([
  [DT.FLOAT, 'float32'],
  [DT.INT64, 'int64'],
  [DT.INT32, 'int32'],
]);

/**
 * Throws listing every op of the model with no gradient rule that will not fold away at load:
 * a foldable op folds when its inputs are constants or folded values (Shape: any input; Pad:
 * constant pads), which this walk tracks ahead of the folding pass, so that one error lists all.
 */
function checkSupported(nodes: readonly GraphNode[], constants: readonly string[]): void {
  const unsupported = new Map<string, string[]>();
  const known = new Set(constants);
  for (const node of nodes) {
    const inputsKnown = node.inputs.every((name) => name === '' || known.has(name));
    const folds =
      FOLDABLE_OPS.has(node.opType) &&
      (node.opType === 'Shape' ||
        (node.opType === 'Pad' ? known.has(node.inputs[1] ?? '') : inputsKnown));
    if (folds && node.opType !== 'Pad') for (const o of node.outputs) known.add(o);
    if (folds || findOpDefinition(node.opType)) continue;
    const names = unsupported.get(node.opType) ?? [];
    names.push(`'${node.name}'`);
    unsupported.set(node.opType, names);
  }
  if (unsupported.size === 0) return;
  const list = [...unsupported].map(([op, names]) => `${op} (node ${names.join(', ')})`);
  throw new GraphError(
    `loadForwardModel: unsupported ops: ${list.join(', ')}; supported: ${supportedOps().join(', ')} (and, when their inputs are constants or static shapes, folded at load: ${[...FOLDABLE_OPS].filter((op) => !findOpDefinition(op)).join(', ')})`,
  );
}
