import { checkOptionKeys, fixed, type Layer } from './types.js';

/** Options of {@link batchNorm}; PyTorch's names, defaults and convention. */
export interface BatchNormOptions {
  /** Weight of the batch statistic in the running statistics: running = (1 - momentum) * running + momentum * batch. Default 0.1. */
  readonly momentum?: number;
  /** Added to the variance before the square root. Default 1e-5. */
  readonly epsilon?: number;
  /** Name prefix. Default `batchNorm<index>`. */
  readonly name?: string;
}

const OPTION_KEYS = ['momentum', 'epsilon', 'name'];

/**
 * Batch normalization over the channels (axis 1) of an NCHW or `[batch, features]` input, as
 * PyTorch's BatchNorm2d / BatchNorm1d: params `<name>.weight` (ones) and `<name>.bias` (zeros),
 * buffers `<name>.running_mean` (zeros) and `<name>.running_var` (ones). Training uses the
 * batch's statistics and updates the running ones; evaluation and the exported model use the
 * running ones.
 *
 * @example
 * sequential({ inputShape: [1, 28, 28], layers: [conv2d(8, { useBias: false }), batchNorm(), relu(), flatten(), dense(10)] });
 */
export function batchNorm(options: BatchNormOptions = {}): Layer {
  checkOptionKeys('batchNorm', options, OPTION_KEYS);
  const momentum = options.momentum ?? 0.1;
  const epsilon = options.epsilon ?? 1e-5;
  if (!(typeof momentum === 'number' && momentum >= 0 && momentum <= 1)) {
    throw new RangeError(`batchNorm: expected momentum to be in [0, 1], got ${String(momentum)}`);
  }
  if (!(typeof epsilon === 'number' && epsilon > 0)) {
    throw new RangeError(
      `batchNorm: expected epsilon to be a positive number, got ${String(epsilon)}`,
    );
  }
  return {
    kind: 'batchNorm',
    apply(ctx, x) {
      if (x.shape.length !== 2 && x.shape.length !== 4) {
        throw new TypeError(
          `batchNorm: expected an input [batch, features] or [batch, channels, height, width], got [${x.shape}]`,
        );
      }
      const channels = fixed(x.shape[1], 'batchNorm', 'the channels');
      const name = options.name ?? ctx.uniqueName('batchNorm');
      const ones = new Array<number>(channels).fill(1);
      const weight = ctx.param(`${name}.weight`, [channels], 'ones', 1, 1);
      const bias = ctx.param(`${name}.bias`, [channels], 'zeros', 1, 1);
      const mean = ctx.buffer(`${name}.running_mean`, [channels], new Array(channels).fill(0));
      const variance = ctx.buffer(`${name}.running_var`, [channels], ones);
      const out = ctx.node(
        'BatchNormalization',
        [x.name, weight, bias, mean, variance],
        // ONNX's momentum is the weight of the running statistic: 1 - PyTorch's (what torch.onnx writes).
        { epsilon: { f: epsilon }, momentum: { f: 1 - momentum } },
        name,
      );
      return { name: out, shape: x.shape };
    },
  };
}
