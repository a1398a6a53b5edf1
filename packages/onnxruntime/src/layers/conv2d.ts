import type { Initializer } from '../init/initializers.js';
import { outputSize } from '../ops/conv-shapes.js';
import { checkOptionKeys, checkPositiveInt, fixed, type Layer } from './types.js';

/** Padding of {@link conv2d} and the pooling layers: `'valid'` (none), `'same'` (output = ceil(input / stride)), or explicit pixels per side. */
export type Padding = 'valid' | 'same' | number;

const OPTION_KEYS = [
  'kernelSize',
  'strides',
  'padding',
  'useBias',
  'kernelInitializer',
  'name',
] as const;

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  /** Kernel height and width (a number for square). Default 3. */
  readonly kernelSize?: number | readonly [number, number];
  /** Strides (a number for both axes). Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Default `'valid'`. */
  readonly padding?: Padding;
  /** Add a bias. Default true. */
  readonly useBias?: boolean;
  /** Default `'glorotUniform'` (fan = channels x kernel area). */
  readonly kernelInitializer?: Initializer;
  /** Name prefix. Default `conv<index>`. */
  readonly name?: string;
}

export function pair(
  fn: string,
  name: string,
  value: number | readonly [number, number],
): [number, number] {
  const p: [number, number] = typeof value === 'number' ? [value, value] : [value[0], value[1]];
  checkPositiveInt(fn, name, p[0]);
  checkPositiveInt(fn, name, p[1]);
  return p;
}

/** Explicit ONNX pads [top, left, bottom, right] for a padding choice. */
export function pads(
  fn: string,
  padding: Padding,
  size: readonly [number, number],
  kernel: readonly [number, number],
  strides: readonly [number, number],
): number[] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (typeof padding === 'number') {
    if (!Number.isInteger(padding) || padding < 0)
      throw new RangeError(
        `${fn}: expected padding to be 'valid', 'same' or an integer >= 0, got ${padding}`,
      );
    return [padding, padding, padding, padding];
  }
  if (padding !== 'same')
    throw new RangeError(
      `${fn}: expected padding to be 'valid', 'same' or an integer >= 0, got ${String(padding)}`,
    );
  // TensorFlow's SAME: total = max((ceil(in / s) - 1) * s + k - in, 0), the extra pixel at the end.
  const total = [0, 1].map((i) => {
    const n = size[i] as number;
    const s = strides[i] as number;
    return Math.max((Math.ceil(n / s) - 1) * s + (kernel[i] as number) - n, 0);
  });
  const [th, tw] = total as [number, number];
  return [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
}

/**
 * 2-D convolution over NCHW input (ONNX Conv): `filters` output channels, weight
 * `<name>.weight` `[filters, channels, kh, kw]`, bias `<name>.bias` `[filters]` (zeros).
 *
 * @example
 * sequential({ inputShape: [1, 28, 28], layers: [conv2d(8, { kernelSize: 3, padding: 'same' }), relu(), maxPool2d(), flatten(), dense(10)] });
 */
export function conv2d(filters: number, options: Conv2dOptions = {}): Layer {
  checkPositiveInt('conv2d', 'filters', filters);
  checkOptionKeys('conv2d', options, OPTION_KEYS);
  const kernel = pair('conv2d', 'kernelSize', options.kernelSize ?? 3);
  const strides = pair('conv2d', 'strides', options.strides ?? 1);
  return {
    kind: 'conv2d',
    apply(ctx, x) {
      if (x.shape.length !== 4)
        throw new TypeError(
          `conv2d: expected an NCHW input [batch, channels, height, width], got [${x.shape}]`,
        );
      const channels = fixed(x.shape[1], 'conv2d', 'the input channels');
      const size: [number, number] = [
        fixed(x.shape[2], 'conv2d', 'the height'),
        fixed(x.shape[3], 'conv2d', 'the width'),
      ];
      const p = pads('conv2d', options.padding ?? 'valid', size, kernel, strides);
      const name = options.name ?? ctx.uniqueName('conv');
      const area = kernel[0] * kernel[1];
      const w = ctx.param(
        `${name}.weight`,
        [filters, channels, ...kernel],
        options.kernelInitializer ?? 'glorotUniform',
        channels * area,
        filters * area,
      );
      const args = [x.name, w];
      if (options.useBias ?? true) args.push(ctx.param(`${name}.bias`, [filters], 'zeros', 1, 1));
      const out = ctx.node(
        'Conv',
        args,
        { kernel_shape: { ints: kernel }, strides: { ints: strides }, pads: { ints: p } },
        name,
      );
      const oh = outputSize(size[0], kernel[0], strides[0], p[0] ?? 0, p[2] ?? 0);
      const ow = outputSize(size[1], kernel[1], strides[1], p[1] ?? 0, p[3] ?? 0);
      if (oh < 1 || ow < 1)
        throw new RangeError(`conv2d: the kernel [${kernel}] does not fit the input [${size}]`);
      return { name: out, shape: [x.shape[0] ?? 'batch', filters, oh, ow] };
    },
  };
}
