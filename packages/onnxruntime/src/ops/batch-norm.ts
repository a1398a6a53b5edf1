import type { Attribute, ConstTensor, GraphNode } from '../graph/types.js';
import { floatAttr, intAttr, intsAttr } from '../graph/types.js';
import {
  GraphError,
  input,
  nodeLabel,
  type OpDefinition,
  output,
  type Shape,
  shapeOf,
} from './types.js';

// A train-step graph runs BatchNormalization in its training form: the node keeps its op type,
// gets `training_mode = 1` and five outputs [Y, running_mean', running_var', normalized, invStd]
// (the last two are what the backward reads), and the attribute `reduction_axes` (every axis
// but the channels). That form exists only between the training rewrite and `lower`, which
// expands it into standard ops: onnxruntime's own training-mode kernel is only in its training
// builds, and ONNX's training mode updates running_var with the biased variance.

const BATCH_STATS_AXES = 'reduction_axes';

function isTrainingForm(node: GraphNode): boolean {
  return (
    intAttr(node, 'training_mode', 0) === 1 && node.attributes?.[BATCH_STATS_AXES] !== undefined
  );
}

/**
 * PyTorch's momentum (weight of the new batch statistic) from an ONNX node. ONNX's `momentum`
 * attribute is the opposite convention, `running = momentum * running + (1 - momentum) * batch`
 * (default 0.9), and torch.onnx.export writes 0.9 for PyTorch's 0.1; so PyTorch's value is
 * 1 - attribute.
 */
export function torchMomentum(node: GraphNode): number {
  // The attribute is a float32 (0.9 reads back as 0.89999998); 7 significant digits give back
  // the decimal that was written, so 0.1 stays 0.1 as in PyTorch's float64 update.
  return Number((1 - floatAttr(node, 'momentum', 0.9)).toPrecision(7));
}

function statsShape(x: Shape, node: GraphNode): { channels: number; axes: number[] } {
  const channels = x[1];
  if (x.length < 2 || typeof channels !== 'number') {
    throw new GraphError(
      `${nodeLabel(node)}: expected an input [batch, channels, ...] with fixed channels, got [${x}]`,
    );
  }
  return { channels, axes: x.map((_d, i) => i).filter((i) => i !== 1) };
}

/** Reshape target putting a per-channel vector on axis 1 of a rank-`rank` tensor. */
function channelDims(rank: number): number[] {
  return Array.from({ length: rank }, (_v, i) => (i === 1 ? -1 : 1));
}

/**
 * BatchNormalization (NCHW or [batch, features]): `Y = scale * (X - mean) / sqrt(var + epsilon) + B`.
 *
 * Evaluation and inference graphs use the running statistics (inputs 3 and 4), as PyTorch's
 * `model.eval()` does. In a train-step graph the statistics are the batch's: mean and biased
 * variance over every axis but the channels, and the running statistics (buffers) are updated
 * with PyTorch's convention, `running = (1 - m) * running + m * batch_stat` with the unbiased
 * batch variance for running_var and m = 1 - the ONNX `momentum` attribute (see torchMomentum).
 * The gradient goes through the batch statistics (n = values per channel, xHat = normalized X):
 * dB = sum(dY), dScale = sum(dY * xHat),
 * dX = scale * invStd * (dY - mean(dY) - xHat * mean(dY * xHat)).
 */
export const batchNormalization: OpDefinition = {
  opType: 'BatchNormalization',
  bufferInputs: [3, 4],
  inferShapes(node, shapes) {
    const x = shapeOf(shapes, 0, node);
    if (!isTrainingForm(node)) return [x];
    const { channels } = statsShape(x, node);
    const perChannel = x.map((_d, i) => (i === 1 ? channels : 1));
    return [x, [channels], [channels], x, perChannel];
  },
  forTraining(node, ctx) {
    const x = ctx.shape(input(node, 0));
    const { axes } = statsShape(x, node);
    const runningMean = input(node, 3);
    const runningVar = input(node, 4);
    const outputs = [
      output(node, 0),
      `${node.name}/running_mean`,
      `${node.name}/running_var`,
      `${node.name}/normalized`,
      `${node.name}/inv_std`,
    ];
    const attributes: Record<string, Attribute> = {
      ...node.attributes,
      training_mode: { i: 1 },
      [BATCH_STATS_AXES]: { ints: axes },
    };
    return {
      nodes: [{ ...node, inputs: node.inputs.slice(0, 5), outputs, attributes }],
      bufferUpdates: [
        { buffer: runningMean, value: outputs[1] as string },
        { buffer: runningVar, value: outputs[2] as string },
      ],
    };
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    if (!isTrainingForm(node)) {
      throw new GraphError(`${nodeLabel(node)}: only the training form has a gradient rule`);
    }
    const axes = intsAttr(node, BATCH_STATS_AXES, []) ?? [];
    const keep = { axes: { ints: axes }, keepdims: { i: 1 } };
    const drop = { keepdims: { i: 0 } };
    const axesConstant = ctx.int64Constant(axes);
    const normalized = output(node, 3);
    const dYNormalized = ctx.op('Mul', [dY, normalized]);
    const dScale = ctx.wants(node, 1)
      ? ctx.op('ReduceSum', [dYNormalized, axesConstant], drop)
      : undefined;
    const dB = ctx.wants(node, 2) ? ctx.op('ReduceSum', [dY, axesConstant], drop) : undefined;
    let dX: string | undefined;
    if (ctx.wants(node, 0)) {
      const rank = ctx.shape(input(node, 0)).length;
      const scale = ctx.op('Reshape', [input(node, 1), ctx.int64Constant(channelDims(rank))]);
      const gain = ctx.op('Mul', [scale, output(node, 4)]);
      const centered = ctx.op('Sub', [dY, ctx.op('ReduceMean', [dY], keep)]);
      const projection = ctx.op('Mul', [normalized, ctx.op('ReduceMean', [dYNormalized], keep)]);
      dX = ctx.op('Mul', [gain, ctx.op('Sub', [centered, projection])]);
    }
    return [dX, dScale, dB, undefined, undefined];
  },
  lower(node) {
    if (!isTrainingForm(node)) return { nodes: [node], constants: [] };
    return lowerTrainingForm(node);
  },
};

function lowerTrainingForm(node: GraphNode): { nodes: GraphNode[]; constants: ConstTensor[] } {
  const nodes: GraphNode[] = [];
  const constants: ConstTensor[] = [];
  let counter = 0;
  const op = (
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, Attribute>>,
    out?: string,
  ) => {
    const name = `${node.name}/${opType}${counter++}`;
    nodes.push({
      opType,
      name,
      inputs: [...inputs],
      outputs: [out ?? name],
      ...(attributes ? { attributes } : {}),
    });
    return out ?? name;
  };
  const constant = (suffix: string, tensor: Omit<ConstTensor, 'name'>) => {
    const name = `${node.name}/${suffix}`;
    constants.push({ name, ...tensor });
    return name;
  };
  const float = (suffix: string, value: number) =>
    constant(suffix, { dtype: 'float32', dims: [], data: new Float32Array([value]) });
  const axes = intsAttr(node, BATCH_STATS_AXES, []) ?? [];
  const rank = axes.length + 1;
  const keep = { axes: { ints: axes }, keepdims: { i: 1 } };
  const [x, scale, bias, runningMean, runningVar] = [0, 1, 2, 3, 4].map((i) => input(node, i)) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const [y, meanNext, varNext, normalized, invStd] = [0, 1, 2, 3, 4].map((i) =>
    output(node, i),
  ) as [string, string, string, string, string];
  const epsilon = floatAttr(node, 'epsilon', 1e-5);
  const momentum = torchMomentum(node);

  const mean = op('ReduceMean', [x], keep);
  const centered = op('Sub', [x, mean]);
  const variance = op('ReduceMean', [op('Mul', [centered, centered])], keep);
  op(
    'Reciprocal',
    [op('Sqrt', [op('Add', [variance, float('epsilon', epsilon)])])],
    undefined,
    invStd,
  );
  op('Mul', [centered, invStd], undefined, normalized);
  const perChannel = constant('channel_dims', {
    dtype: 'int64',
    dims: [rank],
    data: BigInt64Array.from(channelDims(rank), BigInt),
  });
  const flat = constant('flat', { dtype: 'int64', dims: [1], data: BigInt64Array.from([-1n]) });
  const scaled = op('Mul', [normalized, op('Reshape', [scale, perChannel])]);
  op('Add', [scaled, op('Reshape', [bias, perChannel])], undefined, y);

  // Values per channel n = size(X) / size(mean), known only at run time (the batch is symbolic).
  const n = op('Cast', [op('Div', [op('Size', [x]), op('Size', [mean])])], { to: { i: 1 } });
  const besselCorrection = op('Div', [n, op('Sub', [n, float('one', 1)])]);
  const keepRunning = float('keep_running', 1 - momentum);
  const batchWeight = float('momentum', momentum);
  op(
    'Add',
    [op('Mul', [runningMean, keepRunning]), op('Mul', [op('Reshape', [mean, flat]), batchWeight])],
    undefined,
    meanNext,
  );
  const unbiased = op('Mul', [op('Reshape', [variance, flat]), besselCorrection]);
  op(
    'Add',
    [op('Mul', [runningVar, keepRunning]), op('Mul', [unbiased, batchWeight])],
    undefined,
    varNext,
  );
  return { nodes, constants };
}
