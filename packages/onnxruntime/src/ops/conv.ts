import { intAttr, intsAttr } from '../graph/types.js';
import { outputPadding, outputSize, spatial, window2d } from './conv-shapes.js';
import { GraphError, input, nodeLabel, type OpDefinition, output, shapeOf } from './types.js';

/**
 * Conv (2-D, NCHW, group 1, stride/padding): Y = X * W + B.
 * dX = ConvTranspose(dY, W) with the same strides/pads and the output_padding that restores
 * X's size. dW = Conv of X (channels and batch swapped) with dY (swapped) as the kernel and
 * dilation = stride, cropped to the kernel size, swapped back. dB = sum of dY over N, H, W.
 */
export const conv: OpDefinition = {
  opType: 'Conv',
  inferShapes(node, shapes) {
    const x = shapeOf(shapes, 0, node);
    const w = shapeOf(shapes, 1, node);
    if (intAttr(node, 'group', 1) !== 1)
      throw new GraphError(`${nodeLabel(node)}: only group 1 is supported`);
    const [h, wd] = spatial(node, x);
    if (w.length !== 4 || w[1] !== x[1]) {
      throw new GraphError(
        `${nodeLabel(node)}: expected weights [out, ${x[1]}, kh, kw], got [${w}]`,
      );
    }
    const win = window2d(node, intsAttr(node, 'kernel_shape', w.slice(2) as number[]) ?? []);
    return [
      [
        x[0] ?? 'batch',
        w[0] ?? 0,
        outputSize(h, win.kernel[0], win.strides[0], win.pads[0], win.pads[2]),
        outputSize(wd, win.kernel[1], win.strides[1], win.pads[1], win.pads[3]),
      ],
    ];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const x = input(node, 0);
    const w = input(node, 1);
    const xShape = ctx.shape(x);
    const wShape = ctx.shape(w);
    const yShape = ctx.shape(output(node, 0));
    const [h, wd] = spatial(node, xShape);
    const [oh, ow] = spatial(node, yShape);
    const win = window2d(node, wShape.slice(2) as number[]);
    const [kh, kw] = win.kernel;
    const [sh, sw] = win.strides;
    const [pt, pl, pb, pr] = win.pads;
    let dX: string | undefined;
    let dW: string | undefined;
    let dB: string | undefined;
    if (ctx.wants(node, 0)) {
      dX = ctx.op('ConvTranspose', [dY, w], {
        strides: { ints: [sh, sw] },
        pads: { ints: [pt, pl, pb, pr] },
        output_padding: {
          ints: [outputPadding(h, oh, kh, sh, pt, pb), outputPadding(wd, ow, kw, sw, pl, pr)],
        },
      });
    }
    if (ctx.wants(node, 1)) {
      const perm = { perm: { ints: [1, 0, 2, 3] } };
      const xT = ctx.op('Transpose', [x], perm);
      const dYT = ctx.op('Transpose', [dY], perm);
      let full = ctx.op('Conv', [xT, dYT], {
        pads: { ints: [pt, pl, pb, pr] },
        dilations: { ints: [sh, sw] },
      });
      // The correlation can be larger than the kernel when the stride skipped input rows/cols.
      const fullH = h + pt + pb - sh * (oh - 1);
      const fullW = wd + pl + pr - sw * (ow - 1);
      if (fullH !== kh || fullW !== kw) {
        full = ctx.op('Slice', [
          full,
          ctx.int64Constant([0, 0]),
          ctx.int64Constant([kh, kw]),
          ctx.int64Constant([2, 3]),
        ]);
      }
      dW = ctx.op('Transpose', [full], perm);
    }
    const b = node.inputs[2];
    if (b !== undefined && b !== '' && ctx.wants(node, 2)) {
      dB = ctx.op('ReduceSum', [dY, ctx.int64Constant([0, 2, 3])], { keepdims: { i: 0 } });
    }
    return [dX, dW, dB];
  },
};
