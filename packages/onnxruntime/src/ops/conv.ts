import { intAttr, intsAttr } from '../graph/types.js';
import { outputPadding, outputSize, spatial, type Window2d, window2d } from './conv-shapes.js';
import {
  type GradientContext,
  GraphError,
  input,
  nodeLabel,
  type OpDefinition,
  output,
  shapeOf,
} from './types.js';

/**
 * dW of a conv: dW[o, c, u, v] = sum over n, i, j of X[n, c, i*s - p + u*d] dY[n, o, i, j],
 * itself a Conv of X (batch and channels swapped) with dY (swapped) as the kernel, stride =
 * the dilation and dilation = the stride, cropped to the kernel size. With groups, each
 * group's channels meet only its own filters: X becomes [C/g, g*N, H, W] and dY the kernel
 * [Co, N, oh, ow], run with `group` = g, so group k's channels see only filters of group k.
 */
function weightGradient(
  ctx: GradientContext,
  x: string,
  dY: string,
  win: Window2d,
  group: number,
  sizes: { h: number; w: number; oh: number; ow: number; channels: number; filters: number },
): string {
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.strides;
  const [dh, dw] = win.dilations;
  const [pt, pl, pb, pr] = win.pads;
  const { h, w, oh, ow } = sizes;
  let xT: string;
  let dYT: string;
  if (group === 1) {
    const perm = { perm: { ints: [1, 0, 2, 3] } };
    xT = ctx.op('Transpose', [x], perm);
    dYT = ctx.op('Transpose', [dY], perm);
  } else {
    const cig = sizes.channels / group;
    const cog = sizes.filters / group;
    const xGroups = ctx.op('Reshape', [x, ctx.int64Constant([0, group, cig, h, w])]);
    xT = ctx.op('Reshape', [
      ctx.op('Transpose', [xGroups], { perm: { ints: [2, 1, 0, 3, 4] } }),
      ctx.int64Constant([cig, -1, h, w]),
    ]);
    const dYGroups = ctx.op('Reshape', [dY, ctx.int64Constant([0, group, cog, oh, ow])]);
    dYT = ctx.op('Reshape', [
      ctx.op('Transpose', [dYGroups], { perm: { ints: [1, 2, 0, 3, 4] } }),
      ctx.int64Constant([sizes.filters, -1, oh, ow]),
    ]);
  }
  let full = ctx.op('Conv', [xT, dYT], {
    pads: { ints: [pt, pl, pb, pr] },
    strides: { ints: [dh, dw] },
    dilations: { ints: [sh, sw] },
    ...(group === 1 ? {} : { group: { i: group } }),
  });
  // The correlation can be larger than the kernel when the stride skipped input rows/cols.
  const fullH = outputSize(h, sh * (oh - 1) + 1, dh, pt, pb);
  const fullW = outputSize(w, sw * (ow - 1) + 1, dw, pl, pr);
  if (fullH !== kh || fullW !== kw) {
    full = ctx.op('Slice', [
      full,
      ctx.int64Constant([0, 0]),
      ctx.int64Constant([kh, kw]),
      ctx.int64Constant([2, 3]),
    ]);
  }
  return ctx.op('Transpose', [full], { perm: { ints: [1, 0, 2, 3] } });
}

/**
 * Conv (2-D, NCHW; strides, explicit pads, dilations, group): Y = X * W + B.
 * dX = ConvTranspose(dY, W) with the same strides/pads/dilations/group and the
 * output_padding that restores X's size; dW see {@link weightGradient}; dB = sum of dY over
 * N, H, W.
 */
export const conv: OpDefinition = {
  opType: 'Conv',
  inferShapes(node, shapes) {
    const x = shapeOf(shapes, 0, node);
    const w = shapeOf(shapes, 1, node);
    const group = intAttr(node, 'group', 1);
    const [h, wd] = spatial(node, x);
    const channels = x[1];
    if (
      typeof channels !== 'number' ||
      !Number.isInteger(group) ||
      group < 1 ||
      channels % group !== 0 ||
      w.length !== 4 ||
      w[1] !== channels / group ||
      typeof w[0] !== 'number' ||
      w[0] % group !== 0
    ) {
      throw new GraphError(
        `${nodeLabel(node)}: expected weights [out (a multiple of group ${group}), ${x[1]} / ${group}, kh, kw], got [${w}]`,
      );
    }
    const win = window2d(node, intsAttr(node, 'kernel_shape', w.slice(2) as number[]) ?? [], true);
    return [
      [
        x[0] ?? 'batch',
        w[0],
        outputSize(h, win.extent[0], win.strides[0], win.pads[0], win.pads[2]),
        outputSize(wd, win.extent[1], win.strides[1], win.pads[1], win.pads[3]),
      ],
    ];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const x = input(node, 0);
    const w = input(node, 1);
    const xShape = ctx.shape(x);
    const wShape = ctx.shape(w);
    const [h, wd] = spatial(node, xShape);
    const [oh, ow] = spatial(node, ctx.shape(output(node, 0)));
    const group = intAttr(node, 'group', 1);
    const win = window2d(node, wShape.slice(2) as number[], true);
    const [eh, ew] = win.extent;
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
          ints: [outputPadding(h, oh, eh, sh, pt, pb), outputPadding(wd, ow, ew, sw, pl, pr)],
        },
        ...(win.dilations.some((d) => d !== 1) ? { dilations: { ints: [...win.dilations] } } : {}),
        ...(group === 1 ? {} : { group: { i: group } }),
      });
    }
    if (ctx.wants(node, 1)) {
      dW = weightGradient(ctx, x, dY, win, group, {
        h,
        w: wd,
        oh,
        ow,
        channels: xShape[1] as number,
        filters: wShape[0] as number,
      });
    }
    const b = node.inputs[2];
    if (b !== undefined && b !== '' && ctx.wants(node, 2)) {
      dB = ctx.op('ReduceSum', [dY, ctx.int64Constant([0, 2, 3])], { keepdims: { i: 0 } });
    }
    return [dX, dW, dB];
  },
};
