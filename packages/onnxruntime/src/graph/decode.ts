import { opDefinition } from '../ops/registry.js';
import { GraphError } from '../ops/types.js';
import { type OnnxTypes, onnx } from './onnx-proto.js';
import type { Attribute, ConstTensor, Dim, ForwardGraph, GraphNode, Param } from './types.js';

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
    default:
      throw new GraphError(
        `${where}: tensor '${name}' has unsupported data type ${t.dataType} (float32, int64 and int32 are supported)`,
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
 * the first graph input that is not an initializer is the batch input (its first dim is
 * treated as the batch), the first graph output is the logits `[batch, classes]`, float
 * initializers are the trainable parameters and `Constant` nodes/int initializers are constants.
 * Throws naming the first op (and node) the gradient table does not support.
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
  const params: Param[] = [];
  const constants: ConstTensor[] = [];
  const initializerNames = new Set<string>();
  for (const init of graph.initializer ?? []) {
    const t = decodeTensor(init, where);
    initializerNames.add(t.name);
    if (t.dtype === 'float32')
      params.push({ name: t.name, dims: t.dims, data: t.data as Float32Array });
    else constants.push(t);
  }
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
  if (tensorType?.elemType !== DT.FLOAT) {
    throw new GraphError(
      `${where}: expected input '${first.name}' to be float32, got data type ${tensorType?.elemType}`,
    );
  }
  const shape: Dim[] = (tensorType.shape?.dim ?? []).map((d, i) =>
    i === 0 ? 'batch' : d.dimValue != null ? toNumber(d.dimValue) : (d.dimParam ?? '?'),
  );
  const output = graph.output?.[0]?.name;
  if (!output) throw new GraphError(`${where}: expected a graph output (the logits)`);

  const nodes: GraphNode[] = [];
  (graph.node ?? []).forEach((n, index) => {
    const name = n.name || `${n.opType}_${index}`;
    if (n.domain && n.domain !== 'ai.onnx') {
      throw new GraphError(
        `unsupported op ${n.domain}.${n.opType} (node '${name}'): only the default ONNX domain is supported`,
      );
    }
    const attributes: Record<string, Attribute> = {};
    for (const a of n.attribute ?? [])
      attributes[a.name ?? ''] = decodeAttribute(a, `${n.opType} node '${name}'`);
    if (n.opType === 'Constant') {
      const value = attributes.value;
      if (!value || !('t' in value))
        throw new GraphError(`Constant node '${name}': expected a tensor 'value' attribute`);
      constants.push({ ...value.t, name: n.output?.[0] ?? name });
      return;
    }
    opDefinition(n.opType ?? '', name);
    nodes.push({
      opType: n.opType ?? '',
      name,
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attributes,
    });
  });
  return {
    input: { name: first.name ?? 'input', dtype: 'float32', shape },
    output,
    nodes,
    params,
    constants,
  };
}
