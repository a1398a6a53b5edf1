import { type GraphNode, stringAttr } from '../graph/types.js';
import { GraphError, input, nodeLabel, type OpDefinition, output, shapeOf } from './types.js';

/**
 * SoftmaxCrossEntropyLoss (reduction "mean", integer labels):
 * loss = -mean_n log softmax(logits)[n, label_n];
 * dLogits = (softmax(logits) - onehot(labels)) / N, with softmax = exp(log_prob).
 * In a train-step graph the node also outputs `log_prob`, so the backward reuses it.
 */
export const softmaxCrossEntropyLoss: OpDefinition = {
  opType: 'SoftmaxCrossEntropyLoss',
  inferShapes(node, shapes) {
    const logits = shapeOf(shapes, 0, node);
    if (logits.length !== 2) {
      throw new GraphError(`${nodeLabel(node)}: expected logits [batch, classes], got [${logits}]`);
    }
    if (stringAttr(node, 'reduction', 'mean') !== 'mean') {
      throw new GraphError(`${nodeLabel(node)}: expected reduction "mean"`);
    }
    return [[], logits];
  },
  forTraining(node) {
    if (node.outputs[1]) return { nodes: [node] };
    return { nodes: [{ ...node, outputs: [output(node, 0), `${output(node, 0)}.log_prob`] }] };
  },
  // onnxruntime runs SoftmaxCrossEntropyLoss as an expanded function of ~10 small kernels;
  // five ops compute the same mean loss (and log_prob for the backward).
  lower(node) {
    const loss = output(node, 0);
    const logProb = node.outputs[1] || `${loss}.log_prob`;
    const axes = `${node.name}/axes`;
    const n = (
      opType: string,
      inputs: string[],
      out: string,
      attributes?: GraphNode['attributes'],
    ): GraphNode => ({
      opType,
      name: `${node.name}/${opType}`,
      inputs,
      outputs: [out],
      ...(attributes ? { attributes } : {}),
    });
    return {
      nodes: [
        n('LogSoftmax', [input(node, 0)], logProb, { axis: { i: 1 } }),
        n('Unsqueeze', [input(node, 1), axes], `${node.name}/labels_column`),
        n('GatherElements', [logProb, `${node.name}/labels_column`], `${node.name}/picked`, {
          axis: { i: 1 },
        }),
        n('ReduceMean', [`${node.name}/picked`], `${node.name}/mean`, { keepdims: { i: 0 } }),
        n('Neg', [`${node.name}/mean`], loss),
      ],
      constants: [{ name: axes, dtype: 'int64', dims: [1], data: BigInt64Array.from([1n]) }],
    };
  },
  gradient(node, [dLoss], ctx) {
    if (dLoss === undefined || !ctx.wants(node, 0)) return [];
    const logits = input(node, 0);
    const labels = input(node, 1);
    const classes = ctx.shape(logits)[1];
    if (typeof classes !== 'number') {
      throw new GraphError(`${nodeLabel(node)}: expected a fixed number of classes`);
    }
    const softmax = ctx.op('Exp', [output(node, 1)]);
    const oneHot = ctx.op('OneHot', [
      labels,
      ctx.int64Constant([classes], []),
      ctx.floatConstant([0, 1], [2]),
    ]);
    const count = ctx.op('Cast', [ctx.op('Shape', [labels])], { to: { i: 1 } });
    let grad = ctx.op('Div', [ctx.op('Sub', [softmax, oneHot]), count]);
    if (!ctx.isOne(dLoss)) grad = ctx.op('Mul', [grad, dLoss]);
    return [grad, undefined];
  },
};
