import { relu, sigmoid, tanh } from './activations.js';
import { batchNormalization } from './batch-norm.js';
import { cast } from './cast.js';
import { concat } from './concat.js';
import { conv } from './conv.js';
import { dropout } from './dropout.js';
import { add, identity, mul, sub } from './elementwise.js';
import { gather } from './gather.js';
import { gemm } from './gemm.js';
import { globalAveragePool } from './global-pool.js';
import { layerNormalization } from './layer-norm.js';
import { expand, squeeze, transpose, unsqueeze } from './layout.js';
import { div, erf, exp, log, neg, pow, sqrt } from './math.js';
import { matMul } from './matmul.js';
import { pad } from './pad.js';
import { averagePool, maxPool } from './pool.js';
import { reduceMean, reduceSum } from './reduce.js';
import { flatten, reshape } from './reshape.js';
import { slice } from './slice.js';
import { logSoftmax, softmax } from './softmax.js';
import { softmaxCrossEntropyLoss } from './softmax-cross-entropy.js';
import { GraphError, type OpDefinition } from './types.js';

const table = new Map<string, OpDefinition>();
for (const op of [
  gemm,
  matMul,
  add,
  sub,
  mul,
  identity,
  relu,
  sigmoid,
  tanh,
  flatten,
  reshape,
  dropout,
  conv,
  maxPool,
  averagePool,
  softmaxCrossEntropyLoss,
  // Transformer and modern-CNN blocks (LayerNorm, GELU, attention, embeddings, grouped convs).
  div,
  pow,
  sqrt,
  erf,
  neg,
  exp,
  log,
  softmax,
  logSoftmax,
  transpose,
  unsqueeze,
  squeeze,
  expand,
  reduceSum,
  reduceMean,
  concat,
  slice,
  gather,
  pad,
  globalAveragePool,
  layerNormalization,
  batchNormalization,
  cast,
]) {
  table.set(op.opType, op);
}

/**
 * Adds an op to the gradient table (shape inference + gradient rule, see {@link OpDefinition});
 * from then on forward graphs using it can be trained. Throws if the op already has an entry.
 *
 * @example
 * registerOp({
 *   opType: 'Neg',
 *   inferShapes: (node, shapes) => [shapes[0] ?? []],
 *   gradient: (node, [dY], ctx) => [dY === undefined ? undefined : ctx.op('Neg', [dY])],
 * });
 */
export function registerOp(definition: OpDefinition): void {
  const opType = definition?.opType;
  if (typeof opType !== 'string' || opType === '') {
    throw new TypeError(
      `registerOp: expected definition.opType to be an op name, got ${String(opType)}`,
    );
  }
  if (typeof definition.inferShapes !== 'function' || typeof definition.gradient !== 'function') {
    throw new TypeError(
      `registerOp: expected ${opType} to have inferShapes and gradient functions`,
    );
  }
  if (table.has(opType)) throw new TypeError(`registerOp: ${opType} already has a gradient rule`);
  table.set(opType, definition);
}

/** The op types the train-step builder can differentiate. */
export function supportedOps(): string[] {
  return [...table.keys()].sort();
}

/** The gradient-table entry for an op, if it has one. */
export function findOpDefinition(opType: string): OpDefinition | undefined {
  return table.get(opType);
}

/** The gradient-table entry for an op; throws naming the op and node when unsupported. */
export function opDefinition(opType: string, nodeName: string): OpDefinition {
  const def = table.get(opType);
  if (def === undefined) {
    throw new GraphError(
      `unsupported op ${opType} (node '${nodeName}'); supported: ${supportedOps().join(', ')}`,
    );
  }
  return def;
}
