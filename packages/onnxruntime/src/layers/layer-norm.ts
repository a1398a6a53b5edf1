import { checkOptionKeys } from './options.js';
import { fixed, type Layer } from './types.js';

/** Options of {@link layerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance. Default 1e-5 (torch's nn.LayerNorm). */
  readonly epsilon?: number;
  /** First normalized axis (negative counts from the end; 0 is the batch). Default -1. */
  readonly axis?: number;
  /** Name prefix of the node and parameters. Default `layerNorm<index>`. */
  readonly name?: string;
}

const KEYS = ['epsilon', 'axis', 'name'] as const;

/**
 * Layer normalization over the axes from `axis` to the last (ONNX LayerNormalization, opset
 * 17), then a learned scale `<name>.weight` (ones) and shift `<name>.bias` (zeros), each shaped
 * like the normalized dims, as torch's `nn.LayerNorm(shape)`.
 *
 * @example
 * sequential({ inputShape: [16, 32], layers: [layerNorm(), gelu(), flatten(), dense(10)] });
 */
export function layerNorm(options: LayerNormOptions = {}): Layer {
  checkOptionKeys('layerNorm', options, KEYS);
  const epsilon = options.epsilon ?? 1e-5;
  if (!(Number.isFinite(epsilon) && epsilon > 0)) {
    throw new RangeError(`layerNorm: expected epsilon to be a positive number, got ${epsilon}`);
  }
  const axis = options.axis ?? -1;
  if (!Number.isInteger(axis)) {
    throw new TypeError(`layerNorm: expected axis to be an integer, got ${String(axis)}`);
  }
  return {
    kind: 'layerNorm',
    apply(ctx, x) {
      const rank = x.shape.length;
      const first = axis < 0 ? axis + rank : axis;
      if (first < 1 || first >= rank) {
        throw new RangeError(
          `layerNorm: expected axis in [1, ${rank - 1}] or [-${rank - 1}, -1] (not the batch) for an input of shape [${x.shape}], got ${axis}`,
        );
      }
      const dims = x.shape.slice(first).map((d) => fixed(d, 'layerNorm', 'the normalized dims'));
      const count = dims.reduce((a, b) => a * b, 1);
      const name = options.name ?? ctx.uniqueName('layerNorm');
      const scale = ctx.param(`${name}.weight`, dims, 'ones', count, count);
      const bias = ctx.param(`${name}.bias`, dims, 'zeros', count, count);
      const y = ctx.node(
        'LayerNormalization',
        [x.name, scale, bias],
        { axis: { i: first }, epsilon: { f: epsilon } },
        name,
      );
      return { name: y, shape: x.shape };
    },
  };
}
