import { outputSize } from '../ops/conv-shapes.js';
import { type Padding, pads, pair } from './conv2d.js';
import { fixed, type Layer } from './types.js';

/** Options of {@link maxPool2d} and {@link avgPool2d}. */
export interface Pool2dOptions {
  /** Window height and width. Default 2. */
  readonly poolSize?: number | readonly [number, number];
  /** Default: the pool size. */
  readonly strides?: number | readonly [number, number];
  /** Default `'valid'`. Average pooling excludes padding from the count (ONNX count_include_pad 0). */
  readonly padding?: Padding;
}

function pool(kind: string, opType: string, options: Pool2dOptions): Layer {
  const size = pair(kind, 'poolSize', options.poolSize ?? 2);
  const strides = pair(kind, 'strides', options.strides ?? size);
  return {
    kind,
    apply(ctx, x) {
      if (x.shape.length !== 4)
        throw new TypeError(`${kind}: expected an NCHW input, got [${x.shape}]`);
      const hw: [number, number] = [
        fixed(x.shape[2], kind, 'the height'),
        fixed(x.shape[3], kind, 'the width'),
      ];
      const p = pads(kind, options.padding ?? 'valid', hw, size, strides);
      const out = ctx.node(
        opType,
        [x.name],
        { kernel_shape: { ints: size }, strides: { ints: strides }, pads: { ints: p } },
        ctx.uniqueName(kind),
      );
      const oh = outputSize(hw[0], size[0], strides[0], p[0] ?? 0, p[2] ?? 0);
      const ow = outputSize(hw[1], size[1], strides[1], p[1] ?? 0, p[3] ?? 0);
      return { name: out, shape: [x.shape[0] ?? 'batch', x.shape[1] ?? 0, oh, ow] };
    },
  };
}

/** 2-D max pooling (ONNX MaxPool), NCHW. */
export function maxPool2d(options: Pool2dOptions = {}): Layer {
  return pool('maxPool2d', 'MaxPool', options);
}

/** 2-D average pooling (ONNX AveragePool, padding not counted), NCHW. */
export function avgPool2d(options: Pool2dOptions = {}): Layer {
  return pool('avgPool2d', 'AveragePool', options);
}

/**
 * Global average pooling, NCHW `[batch, channels, h, w]` -> `[batch, channels, 1, 1]` (as
 * PyTorch's `AdaptiveAvgPool2d(1)`), written as an AveragePool whose window is the whole
 * feature map (the sizes are static), which trains with AveragePool's gradient rule.
 */
export function globalAvgPool2d(): Layer {
  return {
    kind: 'globalAvgPool2d',
    apply(ctx, x) {
      if (x.shape.length !== 4)
        throw new TypeError(`globalAvgPool2d: expected an NCHW input, got [${x.shape}]`);
      const hw = [
        fixed(x.shape[2], 'globalAvgPool2d', 'the height'),
        fixed(x.shape[3], 'globalAvgPool2d', 'the width'),
      ];
      const out = ctx.node(
        'AveragePool',
        [x.name],
        { kernel_shape: { ints: hw }, strides: { ints: [1, 1] }, pads: { ints: [0, 0, 0, 0] } },
        ctx.uniqueName('globalAvgPool2d'),
      );
      return { name: out, shape: [x.shape[0] ?? 'batch', x.shape[1] ?? 0, 1, 1] };
    },
  };
}
