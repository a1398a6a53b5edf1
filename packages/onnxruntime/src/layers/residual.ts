import { checkOptionKeys, type Layer, type LayerValue } from './types.js';

/** Options of {@link residual}. */
export interface ResidualOptions {
  /** Layers applied to the block's input before the sum (a 1x1 strided conv + batchNorm when the main path changes the shape). Default: the input itself. */
  readonly shortcut?: readonly Layer[];
  /** Name of the sum node. Default `residual<index>`. */
  readonly name?: string;
}

const OPTION_KEYS = ['shortcut', 'name'];

function applyAll(
  ctx: Parameters<Layer['apply']>[0],
  layers: readonly Layer[],
  x: LayerValue,
): LayerValue {
  let value = x;
  for (const layer of layers) value = layer.apply(ctx, value);
  return value;
}

/**
 * A residual block: `main(x) + shortcut(x)` (ONNX Add), the shortcut being the identity unless
 * given. A ResNet BasicBlock is
 * `residual([conv2d(c, { kernelSize: 3, strides: 2, padding: 1, useBias: false }), batchNorm(), relu(), conv2d(c, { padding: 1, useBias: false }), batchNorm()], { shortcut: [conv2d(c, { kernelSize: 1, strides: 2, useBias: false }), batchNorm()] })`
 * followed by `relu()`.
 */
export function residual(main: readonly Layer[], options: ResidualOptions = {}): Layer {
  checkOptionKeys('residual', options, OPTION_KEYS);
  if (!Array.isArray(main) || main.length === 0) {
    throw new TypeError('residual: expected main to be a non-empty array of layers');
  }
  const shortcut = options.shortcut ?? [];
  if (!Array.isArray(shortcut)) {
    throw new TypeError('residual: expected shortcut to be an array of layers');
  }
  return {
    kind: 'residual',
    apply(ctx, x) {
      const name = options.name ?? ctx.uniqueName('residual');
      const left = applyAll(ctx, main, x);
      const right = applyAll(ctx, shortcut, x);
      const same =
        left.shape.length === right.shape.length &&
        left.shape.every((d, i) => d === right.shape[i]);
      if (!same) {
        throw new TypeError(
          `residual '${name}': the main path gives [${left.shape}] but the shortcut gives [${right.shape}]; give a shortcut (e.g. [conv2d(channels, { kernelSize: 1, strides }), batchNorm()]) that matches`,
        );
      }
      return { name: ctx.node('Add', [left.name, right.name], undefined, name), shape: left.shape };
    },
  };
}
