import type { PolicySpec } from '@cyclr/core';
import type {
  Attribute,
  ConstTensor,
  DataType,
  ForwardGraph,
  GraphNode,
  ModelBuffer,
  Param,
  ValueInfo,
} from '../graph/types.js';
import type { LossOptions } from '../losses/types.js';
import type { OptimizerOptions } from '../optimizers/types.js';
import type {
  ScheduledHyperParameter,
  TrainerPlateauOptions,
} from '../trainer/scheduled-inputs.js';
import type { TrainerState } from '../trainer/state.js';
import {
  bytesOf,
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsDtype,
  type SafetensorsTensor,
} from './safetensors.js';

/**
 * Everything a trainer needs to carry on exactly where it stopped. The forward graph's params
 * hold the values at the checkpoint; the dropout masks of step t are drawn from (seed, t), so
 * seed and global step are the dropout stream's position.
 */
export interface Checkpoint {
  readonly forward: ForwardGraph;
  readonly optimizer: OptimizerOptions;
  /** The trainer's loss; absent for the default softmax cross-entropy (and in older files). */
  readonly loss?: LossOptions;
  /** The schedule's spec; null when it cannot be written as JSON (made by `fromFunction`). */
  readonly schedule: PolicySpec | null;
  readonly seed: number;
  readonly batchSize?: number;
  readonly restoreOnNonFiniteLoss: boolean;
  /** Micro-batches per update; left out when 1 (no accumulation). Saved only at update boundaries. */
  readonly gradientAccumulationSteps?: number;
  readonly state: TrainerState;
  /** The plateau: its options (defaults filled in), `monitor` and controller `state`. Version 2. */
  readonly plateau?: TrainerPlateauOptions;
  /** The `hyperParameters` schedules' specs by name; null for one made by `fromFunction`. Version 2. */
  readonly hyperParameters?: Readonly<Partial<Record<ScheduledHyperParameter, PolicySpec | null>>>;
}

/** A file that is not a checkpoint this version reads: why, in words. */
export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}

export const CHECKPOINT_FORMAT = 'cyclr-onnxruntime-checkpoint';
/**
 * Version 2 added `plateau` and `hyperParameters` to the trainer metadata. A checkpoint without
 * them is still written as version 1, so readers that predate version 2 load it.
 */
export const CHECKPOINT_VERSIONS = ['1', '2'] as const;

const DTYPES: Record<DataType, SafetensorsDtype> = {
  float32: 'F32',
  float64: 'F64',
  int64: 'I64',
  int32: 'I32',
  bool: 'BOOL',
};

type TypedData = ConstTensor['data'];

function typedArray(dtype: DataType, bytes: Uint8Array): TypedData {
  const copy = bytes.slice().buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(copy);
    case 'float64':
      return new Float64Array(copy);
    case 'int64':
      return new BigInt64Array(copy);
    case 'int32':
      return new Int32Array(copy);
    case 'bool':
      return new Uint8Array(copy);
  }
}

/** Tensor names in the file: parameters keep their own names, so other tools find the weights. */
const key = {
  param: (name: string) => name,
  state: (name: string) => `optimizer_state/${name}`,
  buffer: (name: string) => `buffer/${name}`,
  constant: (name: string) => `constant/${name}`,
  attribute: (node: number, attribute: string) => `attribute/${node}/${attribute}`,
};

type StoredAttribute =
  | Exclude<Attribute, { t: ConstTensor }>
  | { tensor: { name: string; dtype: DataType; dims: readonly number[] } };

/** The bytes of a safetensors checkpoint: tensors for all values, the rest as `__metadata__` JSON. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const { forward, state } = checkpoint;
  const tensors = new Map<string, SafetensorsTensor>();
  const add = (name: string, dtype: DataType, dims: readonly number[], data: ArrayBufferView) => {
    tensors.set(name, { dtype: DTYPES[dtype], shape: dims, bytes: bytesOf(data) });
  };
  for (const p of forward.params)
    add(key.param(p.name), 'float32', p.dims, state.params[p.name] ?? p.data);
  for (const c of forward.constants) add(key.constant(c.name), c.dtype, c.dims, c.data);
  for (const b of forward.buffers ?? []) {
    add(key.buffer(b.name), 'float32', b.dims, state.buffers?.[b.name] ?? b.data);
  }
  const nodes = forward.nodes.map((node, index) => {
    if (!node.attributes) return node;
    const attributes: Record<string, StoredAttribute> = {};
    for (const [name, a] of Object.entries(node.attributes)) {
      if ('t' in a) {
        add(key.attribute(index, name), a.t.dtype, a.t.dims, a.t.data);
        attributes[name] = { tensor: { name: a.t.name, dtype: a.t.dtype, dims: a.t.dims } };
      } else {
        attributes[name] = a;
      }
    }
    return { ...node, attributes };
  });
  const stateShapes: Record<string, readonly number[]> = {};
  for (const [name, values] of Object.entries(state.optimizerState)) {
    tensors.set(key.state(name), { dtype: 'F32', shape: [values.length], bytes: bytesOf(values) });
    stateShapes[name] = [values.length];
  }
  const graph = {
    input: forward.input,
    output: forward.output,
    nodes,
    params: forward.params.map((p) => ({
      name: p.name,
      dims: p.dims,
      ...(p.trainable === false ? { trainable: false } : {}),
    })),
    constants: forward.constants.map((c) => ({ name: c.name, dtype: c.dtype, dims: c.dims })),
    buffers: (forward.buffers ?? []).map((b) => ({ name: b.name, dims: b.dims })),
  };
  const trainer = {
    optimizer: checkpoint.optimizer,
    ...(checkpoint.loss === undefined ? {} : { loss: checkpoint.loss }),
    schedule: checkpoint.schedule,
    seed: checkpoint.seed,
    ...(checkpoint.batchSize === undefined ? {} : { batchSize: checkpoint.batchSize }),
    restoreOnNonFiniteLoss: checkpoint.restoreOnNonFiniteLoss,
    ...(checkpoint.gradientAccumulationSteps === undefined
      ? {}
      : { gradientAccumulationSteps: checkpoint.gradientAccumulationSteps }),
    globalStep: state.globalStep,
    optimizerState: Object.keys(state.optimizerState),
    ...(checkpoint.plateau === undefined ? {} : { plateau: checkpoint.plateau }),
    ...(checkpoint.hyperParameters === undefined
      ? {}
      : { hyperParameters: checkpoint.hyperParameters }),
  };
  const needsVersion2 =
    checkpoint.plateau !== undefined || checkpoint.hyperParameters !== undefined;
  return encodeSafetensors({
    tensors,
    metadata: {
      format: CHECKPOINT_FORMAT,
      version: needsVersion2 ? '2' : '1',
      forward_graph: toJson(graph),
      trainer: toJson(trainer),
    },
  });
}

function fail(reason: string): never {
  throw new CheckpointFormatError(reason);
}

/** JSON has no NaN or infinities (an attribute such as a Clip bound may be one): tagged, not nulled. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v,
  );
}

function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v) =>
    v !== null &&
    typeof v === 'object' &&
    typeof v.nonFinite === 'string' &&
    Object.keys(v).length === 1
      ? Number(v.nonFinite)
      : v,
  );
}

function parseJson(
  metadata: Readonly<Record<string, string>>,
  field: string,
): Record<string, unknown> {
  const text = metadata[field];
  if (text === undefined) fail(`metadata has no '${field}'`);
  try {
    const value = fromJson(text);
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {}
  return fail(`metadata '${field}' is not a JSON object`);
}

/** Parses a checkpoint, checking that every tensor it names is present with its shape; throws on any flaw. */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const file = decodeSafetensors(bytes);
  const { metadata } = file;
  if (metadata.format !== CHECKPOINT_FORMAT) {
    fail(
      `metadata format is ${JSON.stringify(metadata.format)}, expected '${CHECKPOINT_FORMAT}' (a safetensors file, but not a trainer checkpoint)`,
    );
  }
  if (!(CHECKPOINT_VERSIONS as readonly (string | undefined)[]).includes(metadata.version)) {
    fail(
      `checkpoint version ${JSON.stringify(metadata.version)}; this version reads ${CHECKPOINT_VERSIONS.join(' and ')}`,
    );
  }
  const graph = parseJson(metadata, 'forward_graph') as {
    input: ValueInfo;
    output: string;
    nodes: (Omit<GraphNode, 'attributes'> & { attributes?: Record<string, StoredAttribute> })[];
    params: { name: string; dims: number[]; trainable?: boolean }[];
    constants: { name: string; dtype: DataType; dims: number[] }[];
    buffers: { name: string; dims: number[] }[];
  };
  const trainer = parseJson(metadata, 'trainer') as {
    optimizer: OptimizerOptions;
    loss?: LossOptions;
    schedule: PolicySpec | null;
    seed: number;
    batchSize?: number;
    restoreOnNonFiniteLoss: boolean;
    gradientAccumulationSteps?: number;
    globalStep: number;
    optimizerState: string[];
    plateau?: TrainerPlateauOptions;
    hyperParameters?: Partial<Record<ScheduledHyperParameter, PolicySpec | null>>;
  };
  if (
    !Array.isArray(graph.nodes) ||
    !Array.isArray(graph.params) ||
    !Array.isArray(graph.constants)
  ) {
    fail("metadata 'forward_graph' lacks nodes, params or constants");
  }
  if (!Array.isArray(trainer.optimizerState) || !Number.isInteger(trainer.globalStep)) {
    fail("metadata 'trainer' lacks globalStep or optimizerState");
  }
  // Their contents are checked where they are used (reduceLrOnPlateau, fromSpec), by name.
  for (const field of ['plateau', 'hyperParameters'] as const) {
    const value = trainer[field];
    if (
      value !== undefined &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      fail(`metadata 'trainer' has a ${field} that is not an object`);
    }
  }
  const tensor = (name: string, dtype: DataType, dims: readonly number[]): TypedData => {
    const t = file.tensors.get(name);
    if (t === undefined) fail(`tensor '${name}' is missing`);
    const count = dims.reduce((a, b) => a * b, 1);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.dtype !== DTYPES[dtype] || size !== count) {
      fail(`tensor '${name}' is ${t.dtype} [${t.shape}], expected ${DTYPES[dtype]} [${dims}]`);
    }
    return typedArray(dtype, t.bytes);
  };
  const params: Param[] = graph.params.map((p) => ({
    ...p,
    data: tensor(key.param(p.name), 'float32', p.dims) as Float32Array,
  }));
  const buffers: ModelBuffer[] = (graph.buffers ?? []).map((b) => ({
    ...b,
    data: tensor(key.buffer(b.name), 'float32', b.dims) as Float32Array,
  }));
  const nodes: GraphNode[] = graph.nodes.map((node, index): GraphNode => {
    if (!node.attributes) return node as GraphNode;
    const attributes: Record<string, Attribute> = {};
    for (const [name, a] of Object.entries(node.attributes)) {
      if ('tensor' in a) {
        const { name: tensorName, dtype, dims } = a.tensor;
        attributes[name] = {
          t: {
            name: tensorName,
            dtype,
            dims,
            data: tensor(key.attribute(index, name), dtype, dims),
          },
        };
      } else {
        attributes[name] = a;
      }
    }
    return { ...node, attributes };
  });
  const forward: ForwardGraph = {
    input: graph.input,
    output: graph.output,
    nodes,
    params,
    constants: graph.constants.map((c) => ({
      ...c,
      data: tensor(key.constant(c.name), c.dtype, c.dims),
    })),
    ...(graph.buffers?.length ? { buffers } : {}),
  };
  const optimizerState: Record<string, Float32Array> = {};
  for (const name of trainer.optimizerState) {
    const t = file.tensors.get(key.state(name));
    if (t === undefined || t.dtype !== 'F32') fail(`tensor '${key.state(name)}' is missing`);
    optimizerState[name] = typedArray('float32', t.bytes) as Float32Array;
  }
  return {
    forward,
    optimizer: trainer.optimizer,
    ...(trainer.loss === undefined ? {} : { loss: trainer.loss }),
    schedule: trainer.schedule,
    seed: trainer.seed,
    ...(trainer.batchSize === undefined ? {} : { batchSize: trainer.batchSize }),
    restoreOnNonFiniteLoss: trainer.restoreOnNonFiniteLoss,
    ...(trainer.gradientAccumulationSteps === undefined
      ? {}
      : { gradientAccumulationSteps: trainer.gradientAccumulationSteps }),
    ...(trainer.plateau === undefined ? {} : { plateau: trainer.plateau }),
    ...(trainer.hyperParameters === undefined ? {} : { hyperParameters: trainer.hyperParameters }),
    state: {
      globalStep: trainer.globalStep,
      params: Object.fromEntries(params.map((p) => [p.name, p.data])),
      optimizerState,
      buffers: Object.fromEntries(buffers.map((b) => [b.name, b.data])),
    },
  };
}
