import { onnx } from './onnx-proto.js';
import type { Attribute, ConstTensor, DataType, GraphDef, ValueInfo } from './types.js';

/** The opset the graphs target (ScatterElements reduction needs 16; onnxruntime 1.30 runs it). */
export const OPSET = 17;
const IR_VERSION = 8;

const dataTypes: Record<DataType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** ONNX TensorProto data type number of a {@link DataType}. */
export function onnxDataType(dtype: DataType): number {
  return dataTypes[dtype];
}

function tensorProto(t: ConstTensor): ReturnType<typeof onnx.TensorProto.create> {
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return onnx.TensorProto.create({
    name: t.name,
    dims: [...t.dims],
    dataType: dataTypes[t.dtype],
    // raw_data is little-endian, as typed arrays are on every platform Node runs on.
    rawData: bytes.slice(),
  });
}

function valueInfo(v: ValueInfo): ReturnType<typeof onnx.ValueInfoProto.create> {
  return onnx.ValueInfoProto.create({
    name: v.name,
    type: {
      tensorType: {
        elemType: dataTypes[v.dtype],
        shape: {
          dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  });
}

function attribute(name: string, a: Attribute): ReturnType<typeof onnx.AttributeProto.create> {
  const T = onnx.AttributeProto.AttributeType;
  if ('i' in a) return onnx.AttributeProto.create({ name, type: T.INT, i: a.i });
  if ('f' in a) return onnx.AttributeProto.create({ name, type: T.FLOAT, f: a.f });
  if ('ints' in a) return onnx.AttributeProto.create({ name, type: T.INTS, ints: [...a.ints] });
  if ('floats' in a) {
    return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: [...a.floats] });
  }
  if ('s' in a) {
    return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(a.s) });
  }
  return onnx.AttributeProto.create({ name, type: T.TENSOR, t: tensorProto(a.t) });
}

/** Encodes a graph as a serialized ONNX ModelProto (opset {@link OPSET}). */
export function encodeModel(graph: GraphDef, docString = ''): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: '@cyclr/onnxruntime',
    docString,
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: graph.name,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
      initializer: graph.initializers.map(tensorProto),
      node: graph.nodes.map((n) =>
        onnx.NodeProto.create({
          name: n.name,
          opType: n.opType,
          input: [...n.inputs],
          output: [...n.outputs],
          attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attribute(k, v)),
        }),
      ),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
