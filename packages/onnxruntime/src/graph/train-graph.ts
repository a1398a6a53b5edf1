import { backward } from '../autodiff/backward.js';
import { type ResolvedLoss, resolveLoss } from '../losses/registry.js';
import type { LossOptions } from '../losses/types.js';
import { findOpDefinition, opDefinition } from '../ops/registry.js';
import { GraphError, type Shape, type TrainingInput } from '../ops/types.js';
import { optimizerGraph } from '../optimizers/create.js';
import type { OptimizerGraph, OptimizerOptions } from '../optimizers/types.js';
import { nextName } from '../optimizers/types.js';
import { NodeEmitter } from './emitter.js';
import { emitOptimizerUpdates } from './optimizer-updates.js';
import { inferShapes } from './shapes.js';
import type {
  ConstTensor,
  ForwardGraph,
  GraphDef,
  GraphNode,
  ModelBuffer,
  Param,
  ValueInfo,
} from './types.js';

/**
 * Graph input holding the labels: int64 class indices `[batch]` (softmax cross-entropy), or
 * float32 targets `[batch, outputs]` (mse, binary cross-entropy).
 */
export const LABELS = 'labels';
/** Graph output holding the loss (scalar; see the `loss` trainer option). */
export const LOSS = 'loss';

/** The graphs a trainer runs, and what it must feed them. */
export interface TrainingGraphs {
  /** Forward + backward + optimizer update. */
  readonly trainStep: GraphDef;
  /** Forward + loss, outputs `loss` and the logits; shares the parameter inputs. */
  readonly evaluation: GraphDef;
  /** Trainable parameters, in feed order. */
  readonly params: readonly Param[];
  /** Optimizer state tensors: name and the parameter whose shape it has. */
  readonly states: readonly { readonly name: string; readonly param: Param }[];
  /** Buffers (see ModelBuffer), in feed order: inputs `<name>` of both graphs, outputs `<name>.next` of the train step. */
  readonly buffers: readonly ModelBuffer[];
  /** Per-step inputs made by training rewrites (dropout masks). */
  readonly extraInputs: readonly TrainingInput[];
  /** Number of classes (logits' second dim): the outputs per row. */
  readonly classes: number;
  /** The labels input: int64 `[batch]` for softmax cross-entropy, float32 `[batch, outputs]` otherwise. */
  readonly labels: ValueInfo;
}

function checkForward(model: ForwardGraph): void {
  const seen = new Set<string>([model.input.name]);
  for (const p of model.params) {
    if (seen.has(p.name)) throw new GraphError(`duplicate value name '${p.name}'`);
    seen.add(p.name);
  }
  for (const b of model.buffers ?? []) {
    if (seen.has(b.name)) throw new GraphError(`duplicate value name '${b.name}'`);
    seen.add(b.name);
  }
  for (const c of model.constants) seen.add(c.name);
  checkBufferInputs(model);
  for (const reserved of [LABELS, LOSS]) {
    if (seen.has(reserved))
      throw new GraphError(`the name '${reserved}' is reserved for the train-step graph`);
  }
  if (model.input.shape.length < 2 || typeof model.input.shape[0] === 'number') {
    throw new GraphError(
      `expected the graph input '${model.input.name}' to be [batch, ...features] with a symbolic batch dim, got [${model.input.shape}]`,
    );
  }
  if (!model.nodes.some((n) => n.outputs.includes(model.output))) {
    throw new GraphError(`no node produces the output '${model.output}'`);
  }
}

/** Each op input declared a buffer (OpDefinition.bufferInputs) must name one of the model's buffers. */
function checkBufferInputs(model: ForwardGraph): void {
  const buffers = new Set((model.buffers ?? []).map((b) => b.name));
  for (const node of model.nodes) {
    for (const index of findOpDefinition(node.opType)?.bufferInputs ?? []) {
      const name = node.inputs[index];
      if (name && !buffers.has(name)) {
        throw new GraphError(
          `${node.opType} node '${node.name}': expected input ${index} '${name}' to be a buffer (ForwardGraph.buffers), the state it updates in training; got ${model.params.some((p) => p.name === name) ? 'a parameter' : 'no buffer of that name'}`,
        );
      }
    }
  }
}

function knownShapes(
  model: ForwardGraph,
  extra: readonly { readonly name: string; readonly shape: Shape }[] = [],
): Map<string, Shape> {
  const known = new Map<string, Shape>([
    [model.input.name, model.input.shape],
    [LABELS, [model.input.shape[0] ?? 'batch']],
  ]);
  for (const p of model.params) known.set(p.name, p.dims);
  for (const c of model.constants) known.set(c.name, c.dims);
  for (const b of model.buffers ?? []) known.set(b.name, b.dims);
  for (const e of extra) known.set(e.name, e.shape);
  return known;
}

function paramConstants(params: readonly (Param | ModelBuffer)[]): ConstTensor[] {
  return params.map((p) => ({ name: p.name, dtype: 'float32', dims: p.dims, data: p.data }));
}

/** A forward graph prepared for training: {@link prepare}'s result (shared with graph/accumulation-graphs.ts). */
export interface Prepared {
  readonly forward: readonly GraphNode[];
  readonly trainNodes: readonly GraphNode[];
  readonly extraInputs: readonly TrainingInput[];
  /** The buffers, and per buffer the train-step value that is its next value. */
  readonly buffers: readonly ModelBuffer[];
  readonly bufferNext: ReadonlyMap<string, string>;
  readonly logits: Shape;
  readonly classes: number;
  readonly trainable: readonly Param[];
  readonly shared: readonly ConstTensor[];
  readonly labels: ValueInfo;
  readonly gradients: ReturnType<typeof backward>;
}

/** The labels input a loss reads, for a model output of `classes` values per row. */
function labelsInput(model: ForwardGraph, loss: ResolvedLoss, classes: number): ValueInfo {
  const batch = model.input.shape[0] ?? 'batch';
  return loss.definition.labels.kind === 'classes'
    ? { name: LABELS, dtype: 'int64', shape: [batch] }
    : { name: LABELS, dtype: 'float32', shape: [batch, classes] };
}

/** Forward + loss, rewritten for training (dropout masks, pool indices), and its backward. */
export function prepare(model: ForwardGraph, loss: ResolvedLoss): Prepared {
  checkForward(model);
  const modelConstants = new Map(model.constants.map((c) => [c.name, c]));
  const modelShapes = inferShapes(model.nodes, knownShapes(model), modelConstants);
  const logits = modelShapes.get(model.output) ?? [];
  const classes = logits[1];
  if (logits.length !== 2 || typeof classes !== 'number') {
    throw new GraphError(
      `expected the output '${model.output}' to be [batch, classes], got [${logits}]`,
    );
  }
  const labels = labelsInput(model, loss, classes);
  const lossPart = loss.definition.build(model.output, LABELS, LOSS, loss.options);
  const forward = [...model.nodes, ...lossPart.nodes];
  const constants = new Map([...model.constants, ...lossPart.constants].map((c) => [c.name, c]));
  const shapes = inferShapes(
    lossPart.nodes,
    new Map([
      ...modelShapes,
      [LABELS, labels.shape],
      ...lossPart.constants.map((c) => [c.name, c.dims] as const),
    ]),
    constants,
  );
  const trainNodes: GraphNode[] = [];
  const extraInputs: TrainingInput[] = [];
  const bufferNext = new Map<string, string>();
  const shapeOf = (name: string) => {
    const s = shapes.get(name);
    if (s === undefined) throw new GraphError(`no static shape for value '${name}'`);
    return s;
  };
  for (const node of forward) {
    const rewrite = opDefinition(node.opType, node.name).forTraining?.(node, {
      shape: shapeOf,
      constant: (n) => constants.get(n),
    });
    trainNodes.push(...(rewrite?.nodes ?? [node]));
    extraInputs.push(...(rewrite?.inputs ?? []));
    for (const update of rewrite?.bufferUpdates ?? []) {
      if (bufferNext.has(update.buffer)) {
        throw new GraphError(
          `${node.opType} node '${node.name}': buffer '${update.buffer}' is already updated by another node`,
        );
      }
      bufferNext.set(update.buffer, update.value);
    }
  }
  const trainShapes = inferShapes(
    trainNodes,
    knownShapes(model, [
      labels,
      ...extraInputs,
      ...lossPart.constants.map((c) => ({ name: c.name, shape: c.dims })),
    ]),
    constants,
  );
  const trainable = model.params.filter((p) => p.trainable !== false);
  if (trainable.length === 0) throw new GraphError('expected at least one trainable parameter');
  const frozen = model.params.filter((p) => p.trainable === false);
  const gradients = backward(
    trainNodes,
    trainShapes,
    LOSS,
    trainable.map((p) => p.name),
  );
  return {
    forward,
    trainNodes,
    extraInputs,
    buffers: model.buffers ?? [],
    bufferNext,
    logits,
    classes,
    trainable,
    shared: [...model.constants, ...lossPart.constants, ...paramConstants(frozen)],
    labels,
    gradients,
  };
}

export function paramInputs(params: readonly Param[]): ValueInfo[] {
  return params.map((p) => ({ name: p.name, dtype: 'float32', shape: p.dims }));
}

export function bufferInputs(buffers: readonly ModelBuffer[]): ValueInfo[] {
  return buffers.map((b) => ({ name: b.name, dtype: 'float32', shape: b.dims }));
}

/** `<buffer>.next` outputs: the updated value, or the unchanged buffer when no node updates it. */
export function bufferUpdates(p: Prepared): { nodes: GraphNode[]; outputs: ValueInfo[] } {
  const nodes = p.buffers.map((b) => ({
    opType: 'Identity',
    name: `${nextName(b.name)}/identity`,
    inputs: [p.bufferNext.get(b.name) ?? b.name],
    outputs: [nextName(b.name)],
  }));
  const outputs = p.buffers.map((b) => ({
    name: nextName(b.name),
    dtype: 'float32' as const,
    shape: b.dims,
  }));
  return { nodes, outputs };
}

export function extraInputInfos(extra: readonly TrainingInput[]): ValueInfo[] {
  return extra.map(({ name, dtype, shape }) => ({ name, dtype, shape }));
}

/**
 * Peephole for `base + grad` where grad = Gemm(A, B) (a weight gradient) read by nothing else:
 * Gemm(A, B, C = base) computes both in one pass over the weight-sized tensor.
 */
function gemmAccumulator(nodes: GraphNode[]): (base: string, grad: string, out: string) => boolean {
  return (base, grad, out) => {
    const index = nodes.findIndex((n) => n.outputs[0] === grad);
    const node = nodes[index];
    if (node === undefined || node.opType !== 'Gemm' || node.inputs.length !== 2) return false;
    if (node.attributes?.beta !== undefined) return false;
    if (nodes.some((n) => n.inputs.includes(grad))) return false;
    nodes[index] = { ...node, inputs: [...node.inputs, base], outputs: [out] };
    return true;
  };
}

/** Applies each op's optional lowering (see OpDefinition.lower) to a graph's nodes. */
export function lowered(graph: GraphDef): GraphDef {
  const nodes: GraphNode[] = [];
  const constants: ConstTensor[] = [];
  for (const node of graph.nodes) {
    const lower = findOpDefinition(node.opType)?.lower;
    if (lower === undefined) nodes.push(node);
    else {
      const out = lower(node);
      nodes.push(...out.nodes);
      constants.push(...out.constants);
    }
  }
  return { ...graph, nodes, initializers: [...graph.initializers, ...constants] };
}

/**
 * Builds the train-step graph (forward, backward, optimizer update; naming in the README) and
 * the evaluation graph of a forward graph. `OnnxTrainer.create` runs these; call it directly
 * to inspect or run the graphs yourself (`encodeModel(graphs.trainStep)` gives ONNX bytes).
 *
 * @example
 * const graphs = buildTrainingGraphs(sequential({ inputShape: [4], layers: [dense(3)] }).build(0), { type: 'sgd', momentum: 0.9 });
 * graphs.trainStep.inputs.map((i) => i.name);
 * // ['input', 'labels', 'dense0.weight', 'dense0.bias', 'dense0.weight.velocity', 'dense0.bias.velocity', 'learning_rate', 'momentum']
 */
export function buildTrainingGraphs(
  model: ForwardGraph,
  optimizer: OptimizerOptions,
  loss?: LossOptions,
): TrainingGraphs {
  return buildTrainingGraphsWith(
    model,
    optimizerGraph(optimizer),
    resolveLoss('buildTrainingGraphs', loss),
  );
}

/** {@link buildTrainingGraphs} with an already-built optimizer graph (and a resolved loss). */
export function buildTrainingGraphsWith(
  model: ForwardGraph,
  optimizer: OptimizerGraph,
  loss: ResolvedLoss = resolveLoss('buildTrainingGraphs'),
): TrainingGraphs {
  const p = prepare(model, loss);
  const emit = new NodeEmitter('optimizer', { fuseAdd: gemmAccumulator(p.gradients.nodes) });
  const { paramOutputs, states, stateOutputs } = emitOptimizerUpdates(
    emit,
    optimizer,
    p.trainable,
    (param) => p.gradients.gradients.get(param) as string,
  );
  const outputs: ValueInfo[] = [{ name: LOSS, dtype: 'float32', shape: [] }, ...paramOutputs];
  const buffers = bufferUpdates(p);
  const trainStep: GraphDef = {
    name: 'train_step',
    inputs: [
      model.input,
      p.labels,
      ...paramInputs(p.trainable),
      ...states.map((s) => ({ name: s.name, dtype: 'float32' as const, shape: s.param.dims })),
      ...optimizer.inputs,
      ...extraInputInfos(p.extraInputs),
      ...bufferInputs(p.buffers),
    ],
    outputs: [...outputs, ...stateOutputs, ...buffers.outputs],
    nodes: [...p.trainNodes, ...p.gradients.nodes, ...emit.nodes, ...buffers.nodes],
    initializers: [...p.shared, ...p.gradients.constants, ...emit.constants],
  };
  const evaluation: GraphDef = {
    name: 'evaluate',
    inputs: [model.input, p.labels, ...paramInputs(p.trainable), ...bufferInputs(p.buffers)],
    outputs: [
      { name: LOSS, dtype: 'float32', shape: [] },
      { name: model.output, dtype: 'float32', shape: p.logits },
    ],
    nodes: p.forward,
    initializers: p.shared,
  };
  return {
    trainStep: lowered(trainStep),
    evaluation: lowered(evaluation),
    params: p.trainable,
    states,
    buffers: p.buffers,
    extraInputs: p.extraInputs,
    classes: p.classes,
    labels: p.labels,
  };
}

/** Name of a parameter's gradient output in {@link buildGradientGraph}'s graph. */
export function gradName(param: string): string {
  return `${param}.grad`;
}

/**
 * A graph that outputs the loss and the gradient of every trainable parameter
 * (`<param>.grad`), without updating anything: for checking gradients or custom optimizers.
 * Inputs: the batch, `labels` (as the `loss` option says; default softmax cross-entropy's
 * int64 class indices), the parameters, any dropout masks (`<node>.mask`) and the buffers
 * (which it reads but does not update).
 *
 * @example
 * const { graph } = buildGradientGraph(model, 'mse'); // labels: float32 [batch, outputs]
 */
export function buildGradientGraph(
  model: ForwardGraph,
  loss?: LossOptions,
): {
  graph: GraphDef;
  extraInputs: readonly TrainingInput[];
} {
  const p = prepare(model, resolveLoss('buildGradientGraph', loss));
  const identities: GraphNode[] = p.trainable.map((param) => ({
    opType: 'Identity',
    name: `${gradName(param.name)}/identity`,
    inputs: [p.gradients.gradients.get(param.name) as string],
    outputs: [gradName(param.name)],
  }));
  return {
    graph: lowered({
      name: 'gradients',
      inputs: [
        model.input,
        p.labels,
        ...paramInputs(p.trainable),
        ...extraInputInfos(p.extraInputs),
        ...bufferInputs(p.buffers),
      ],
      outputs: [
        { name: LOSS, dtype: 'float32', shape: [] },
        ...p.trainable.map((param) => ({
          name: gradName(param.name),
          dtype: 'float32' as const,
          shape: param.dims,
        })),
      ],
      nodes: [...p.trainNodes, ...p.gradients.nodes, ...identities],
      initializers: [...p.shared, ...p.gradients.constants],
    }),
    extraInputs: p.extraInputs,
  };
}

/**
 * The plain inference graph (input -> logits) with these parameter values baked in, and the
 * buffers' values (default: the model's own), as PyTorch's `model.eval()` would run it.
 */
export function inferenceGraph(
  model: ForwardGraph,
  params: readonly Param[],
  buffers: readonly ModelBuffer[] = model.buffers ?? [],
): GraphDef {
  const shapes = inferShapes(
    model.nodes,
    knownShapes(model),
    new Map(model.constants.map((c) => [c.name, c])),
  );
  return {
    name: 'inference',
    inputs: [model.input],
    outputs: [{ name: model.output, dtype: 'float32', shape: shapes.get(model.output) ?? [] }],
    nodes: model.nodes,
    initializers: [...model.constants, ...paramConstants(params), ...paramConstants(buffers)],
  };
}
