import type { GraphNode } from '../graph/types.js';
import { intAttr, intsAttr } from '../graph/types.js';
import { outputPadding, outputSize, spatial, window2d } from './conv-shapes.js';
import {
  GraphError,
  input,
  nodeLabel,
  type OpDefinition,
  output,
  type Shape,
  shapeOf,
} from './types.js';

function poolWindow(node: GraphNode) {
  if (intAttr(node, 'ceil_mode', 0) !== 0)
    throw new GraphError(`${nodeLabel(node)}: ceil_mode 1 is not supported`);
  if (intAttr(node, 'storage_order', 0) !== 0)
    throw new GraphError(`${nodeLabel(node)}: storage_order 1 is not supported`);
  const kernel = intsAttr(node, 'kernel_shape', undefined);
  if (kernel === undefined)
    throw new GraphError(`${nodeLabel(node)}: expected a kernel_shape attribute`);
  return window2d(node, kernel);
}

function poolShape(node: GraphNode, shapes: readonly Shape[]): Shape {
  const x = shapeOf(shapes, 0, node);
  const [h, w] = spatial(node, x);
  const win = poolWindow(node);
  return [
    x[0] ?? 'batch',
    x[1] ?? 0,
    outputSize(h, win.kernel[0], win.strides[0], win.pads[0], win.pads[2]),
    outputSize(w, win.kernel[1], win.strides[1], win.pads[1], win.pads[3]),
  ];
}

/**
 * MaxPool (2-D): in a train-step graph the node also outputs its argmax Indices (flat
 * positions in X); dX = ScatterElements(zeros, Indices, dY, reduction add), so overlapping
 * windows accumulate.
 */
export const maxPool: OpDefinition = {
  opType: 'MaxPool',
  inferShapes(node, shapes) {
    const y = poolShape(node, shapes);
    return [y, y];
  },
  forTraining(node) {
    if (node.outputs[1]) return { nodes: [node] };
    return { nodes: [{ ...node, outputs: [output(node, 0), `${output(node, 0)}.indices`] }] };
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const x = input(node, 0);
    const xShape = ctx.op('Shape', [x]);
    const flat = ctx.int64Constant([-1]);
    const zeros = ctx.op('Reshape', [ctx.op('ConstantOfShape', [xShape]), flat]);
    const scattered = ctx.op(
      'ScatterElements',
      [zeros, ctx.op('Reshape', [output(node, 1), flat]), ctx.op('Reshape', [dY, flat])],
      { axis: { i: 0 }, reduction: { s: 'add' } },
    );
    return [ctx.op('Reshape', [scattered, xShape])];
  },
};

/**
 * AveragePool (2-D): dX = ConvTranspose(dY / count, ones, group = channels) with the pool's
 * strides/pads, where count is the number of averaged elements per window (kernel area, or
 * only the non-padding ones when count_include_pad is 0), a constant from the static shapes.
 * A window that is the whole unpadded input (`globalAvgPool2d()`, torch's `F.avg_pool2d(x, 4)`
 * on 4x4 maps) spreads dY / area with Expand instead: same values, and onnxruntime's depthwise
 * ConvTranspose costs far more than the copy (measured in docs/benchmarks/onnxruntime.md).
 */
export const averagePool: OpDefinition = {
  opType: 'AveragePool',
  inferShapes: (node, shapes) => [poolShape(node, shapes)],
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const x = input(node, 0);
    const xShape = ctx.shape(x);
    const [h, w] = spatial(node, xShape);
    const channels = xShape[1];
    if (typeof channels !== 'number')
      throw new GraphError(`${nodeLabel(node)}: expected fixed channels`);
    const win = poolWindow(node);
    const [kh, kw] = win.kernel;
    const [sh, sw] = win.strides;
    const [pt, pl, pb, pr] = win.pads;
    if (kh === h && kw === w && pt + pl + pb + pr === 0) {
      const scaled = ctx.op('Mul', [dY, ctx.floatConstant([1 / (h * w)], [])]);
      return [ctx.op('Expand', [scaled, ctx.op('Shape', [x])])];
    }
    const oh = outputSize(h, kh, sh, pt, pb);
    const ow = outputSize(w, kw, sw, pl, pr);
    const includePad = intAttr(node, 'count_include_pad', 0) === 1;
    const inverse: number[] = [];
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const rows = Math.min(i * sh - pt + kh, h) - Math.max(i * sh - pt, 0);
        const cols = Math.min(j * sw - pl + kw, w) - Math.max(j * sw - pl, 0);
        inverse.push(1 / (includePad ? kh * kw : rows * cols));
      }
    }
    const scaled = ctx.op('Mul', [dY, ctx.floatConstant(inverse, [1, 1, oh, ow])]);
    const ones = ctx.floatConstant(new Array(channels * kh * kw).fill(1), [channels, 1, kh, kw]);
    return [
      ctx.op('ConvTranspose', [scaled, ones], {
        group: { i: channels },
        strides: { ints: [sh, sw] },
        pads: { ints: [pt, pl, pb, pr] },
        output_padding: {
          ints: [outputPadding(h, oh, kh, sh, pt, pb), outputPadding(w, ow, kw, sw, pl, pr)],
        },
      }),
    ];
  },
};
