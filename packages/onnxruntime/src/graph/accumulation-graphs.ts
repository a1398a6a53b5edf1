import { type ResolvedLoss, resolveLoss } from '../losses/registry.js';
import type { OptimizerGraph } from '../optimizers/types.js';
import { nextName } from '../optimizers/types.js';
import { NodeEmitter } from './emitter.js';
import { emitOptimizerUpdates } from './optimizer-updates.js';
import {
  bufferInputs,
  bufferUpdates,
  extraInputInfos,
  LOSS,
  lowered,
  paramInputs,
  prepare,
} from './train-graph.js';
import type { ForwardGraph, GraphDef, GraphNode, ValueInfo } from './types.js';

/** Name of a parameter's accumulated gradient (input of both accumulation graphs). */
export function accumulatedGradName(param: string): string {
  return `${param}.accumulated_grad`;
}

/** The two graphs that split one train step into k micro-batches and one optimizer update. */
export interface AccumulationGraphs {
  /**
   * One micro-batch: forward, backward, and `<p>.accumulated_grad.next = <p>.accumulated_grad +
   * grad / steps` for every trainable parameter, plus the buffer updates (`<buffer>.next`), as
   * each forward in PyTorch's train mode updates BatchNorm's running statistics. Inputs: the
   * train step's batch, labels, parameters, dropout masks and buffers, and the accumulators.
   */
  readonly accumulate: GraphDef;
  /**
   * The optimizer update from the accumulated gradient: inputs the parameters, optimizer state,
   * the optimizer's scalar inputs and the accumulators; outputs `<p>.next` and the state's `.next`.
   */
  readonly apply: GraphDef;
  /** Accumulator inputs, in the trainable parameters' order. */
  readonly accumulators: readonly ValueInfo[];
}

/**
 * Builds the micro-batch and update graphs of gradient accumulation over `steps` micro-batches
 * (PyTorch's `(loss / steps).backward()` per micro-batch, then `optimizer.step()`). Dividing the
 * gradient rather than the loss is the same computation: the backward pass is linear in the loss
 * seed, and for a power-of-two `steps` both are exact in float32.
 *
 * @example
 * const model = sequential({ inputShape: [4], layers: [dense(3)] }).build(0);
 * const { accumulate, apply } = buildAccumulationGraphs(model, sgdGraph({ type: 'sgd' }), 4);
 * accumulate.outputs.map((o) => o.name);
 * // ['loss', 'dense0.weight.accumulated_grad.next', 'dense0.bias.accumulated_grad.next']
 */
export function buildAccumulationGraphs(
  model: ForwardGraph,
  optimizer: OptimizerGraph,
  steps: number,
  loss: ResolvedLoss = resolveLoss('buildAccumulationGraphs'),
): AccumulationGraphs {
  // The backward nodes are rewritten in place by the Gemm peephole: a fresh preparation each build.
  const p = prepare(model, loss);
  const emit = new NodeEmitter('accumulate');
  const scale = emit.float([1 / steps]);
  const accumulators: ValueInfo[] = p.trainable.map((param) => ({
    name: accumulatedGradName(param.name),
    dtype: 'float32',
    shape: param.dims,
  }));
  const accumulatorOutputs: ValueInfo[] = accumulators.map((a) => ({
    ...a,
    name: nextName(a.name),
  }));
  const fuse = scaledGemmAccumulator(p.gradients.nodes, 1 / steps);
  for (const param of p.trainable) {
    const grad = p.gradients.gradients.get(param.name) as string;
    const accumulated = accumulatedGradName(param.name);
    if (fuse(accumulated, grad, nextName(accumulated))) continue;
    emit.op('Add', [accumulated, emit.op('Mul', [grad, scale])], undefined, nextName(accumulated));
  }
  const buffers = bufferUpdates(p);
  const accumulate: GraphDef = {
    name: 'accumulate_gradients',
    inputs: [
      model.input,
      p.labels,
      ...paramInputs(p.trainable),
      ...accumulators,
      ...extraInputInfos(p.extraInputs),
      ...bufferInputs(p.buffers),
    ],
    outputs: [
      { name: LOSS, dtype: 'float32', shape: [] },
      ...accumulatorOutputs,
      ...buffers.outputs,
    ],
    nodes: [...p.trainNodes, ...p.gradients.nodes, ...emit.nodes, ...buffers.nodes],
    initializers: [...p.shared, ...p.gradients.constants, ...emit.constants],
  };

  const update = new NodeEmitter('optimizer');
  const { paramOutputs, states, stateOutputs } = emitOptimizerUpdates(
    update,
    optimizer,
    p.trainable,
    accumulatedGradName,
  );
  const stateInputs: ValueInfo[] = states.map((s) => ({
    name: s.name,
    dtype: 'float32',
    shape: s.param.dims,
  }));
  const apply: GraphDef = {
    name: 'apply_accumulated_update',
    inputs: [...paramInputs(p.trainable), ...stateInputs, ...optimizer.inputs, ...accumulators],
    outputs: [...paramOutputs, ...stateOutputs],
    nodes: update.nodes,
    initializers: update.constants,
  };
  return { accumulate: lowered(accumulate), apply: lowered(apply), accumulators };
}

/**
 * Peephole for `acc + grad * scale` where grad = Gemm(A, B) (a weight gradient) read by nothing
 * else: Gemm(A, B, C = acc, alpha = scale) does it in the one pass that computes the gradient,
 * instead of two more passes over a weight-sized tensor per micro-batch.
 */
function scaledGemmAccumulator(
  nodes: GraphNode[],
  scale: number,
): (accumulated: string, grad: string, out: string) => boolean {
  return (accumulated, grad, out) => {
    const index = nodes.findIndex((n) => n.outputs[0] === grad);
    const node = nodes[index];
    if (node === undefined || node.opType !== 'Gemm' || node.inputs.length !== 2) return false;
    if (node.attributes?.alpha !== undefined || node.attributes?.beta !== undefined) return false;
    if (nodes.some((n) => n.inputs.includes(grad))) return false;
    nodes[index] = {
      ...node,
      inputs: [...node.inputs, accumulated],
      outputs: [out],
      attributes: { ...node.attributes, alpha: { f: scale } },
    };
    return true;
  };
}
