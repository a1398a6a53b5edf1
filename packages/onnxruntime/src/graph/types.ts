/**
 * A dimension: a fixed size, or a symbolic name (the batch dimension, `'batch'`), as in ONNX's
 * `dim_value` / `dim_param`.
 */
export type Dim = number | string;

/** Element types the graphs use: float32 for data and parameters, int64/int32 for labels and indices. */
export type DataType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool';

/** A named, typed graph input or output. */
export interface ValueInfo {
  readonly name: string;
  readonly dtype: DataType;
  readonly shape: readonly Dim[];
}

/** A constant tensor (initializer or parameter value). */
export interface ConstTensor {
  readonly name: string;
  readonly dtype: DataType;
  readonly dims: readonly number[];
  /** bool tensors hold one byte (0 or 1) per element. */
  readonly data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;
}

/** An ONNX node attribute, tagged by its ONNX attribute type. */
export type Attribute =
  | { readonly i: number }
  | { readonly f: number }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly s: string }
  | { readonly t: ConstTensor };

/** One ONNX node (default domain). Empty strings mark omitted optional inputs/outputs. */
export interface GraphNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, Attribute>>;
}

/** A whole ONNX graph, ready to be encoded as a ModelProto. */
export interface GraphDef {
  readonly name: string;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly nodes: readonly GraphNode[];
  readonly initializers: readonly ConstTensor[];
}

/** A trainable (or frozen) parameter of a forward graph, with its initial value. */
export interface Param {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
  /** Whether the optimizer updates it (default true). */
  readonly trainable?: boolean;
}

/**
 * A buffer of a forward graph: non-trainable float state that the forward pass itself updates
 * in training (BatchNormalization's running mean and variance). It gets no gradient and no
 * optimizer state; the train-step graph reads it as an input `<name>` and writes its new value
 * as the output `<name>.next`, the trainer carries it between steps (and in snapshots), and the
 * evaluation and inference graphs read its current value.
 */
export interface ModelBuffer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/**
 * A forward graph in the form the train-step builder differentiates: one float input (the
 * batch, first dimension symbolic `'batch'`), the nodes, the parameters (float initializers
 * the optimizer updates), extra constants, and the logits output.
 */
export interface ForwardGraph {
  /** The batch input: float32, or int64/int32 (token ids for an embedding). */
  readonly input: ValueInfo;
  /** Name of the logits output, shape `[batch, classes]`. */
  readonly output: string;
  readonly nodes: readonly GraphNode[];
  readonly params: readonly Param[];
  /** Non-trainable constants the nodes read (shapes for Reshape, ...). */
  readonly constants: readonly ConstTensor[];
  /** State the forward pass updates in training (see {@link ModelBuffer}). Default none. */
  readonly buffers?: readonly ModelBuffer[];
}

/** Reads an int attribute, or the default. */
export function intAttr(node: GraphNode, name: string, fallback: number): number {
  const a = node.attributes?.[name];
  if (a === undefined) return fallback;
  if ('i' in a) return a.i;
  throw new TypeError(
    `${node.opType} node '${node.name}': expected attribute ${name} to be an int`,
  );
}

/** Reads a float attribute, or the default. */
export function floatAttr(node: GraphNode, name: string, fallback: number): number {
  const a = node.attributes?.[name];
  if (a === undefined) return fallback;
  if ('f' in a) return a.f;
  if ('i' in a) return a.i;
  throw new TypeError(
    `${node.opType} node '${node.name}': expected attribute ${name} to be a float`,
  );
}

/** Reads an ints attribute, or the default. */
export function intsAttr(
  node: GraphNode,
  name: string,
  fallback: readonly number[] | undefined,
): readonly number[] | undefined {
  const a = node.attributes?.[name];
  if (a === undefined) return fallback;
  if ('ints' in a) return a.ints;
  throw new TypeError(`${node.opType} node '${node.name}': expected attribute ${name} to be ints`);
}

/** Reads a string attribute, or the default. */
export function stringAttr(node: GraphNode, name: string, fallback: string): string {
  const a = node.attributes?.[name];
  if (a === undefined) return fallback;
  if ('s' in a) return a.s;
  throw new TypeError(
    `${node.opType} node '${node.name}': expected attribute ${name} to be a string`,
  );
}
