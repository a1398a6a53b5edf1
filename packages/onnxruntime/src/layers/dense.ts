import type { Initializer } from '../init/initializers.js';
import { checkOptionKeys, checkPositiveInt, fixed, type Layer } from './types.js';

const OPTION_KEYS = ['useBias', 'kernelInitializer', 'name'] as const;

/** Options of {@link dense}. */
export interface DenseOptions {
  /** Add a bias. Default true. */
  readonly useBias?: boolean;
  /** Kernel initialiser. Default `'glorotUniform'` (Keras/tfjs); use `'heUniform'` before ReLU. */
  readonly kernelInitializer?: Initializer;
  /** Name prefix of the layer's node and parameters. Default `dense<index>`. */
  readonly name?: string;
}

/**
 * Fully connected layer: `Y = X W + b` as one ONNX Gemm; `W` is `[inputs, units]`
 * (`<name>.weight`), `b` is `[units]` (`<name>.bias`, zeros).
 *
 * @example
 * sequential({ inputShape: [784], layers: [dense(256), relu(), dense(10)] });
 */
export function dense(units: number, options: DenseOptions = {}): Layer {
  checkPositiveInt('dense', 'units', units);
  checkOptionKeys('dense', options, OPTION_KEYS);
  return {
    kind: 'dense',
    apply(ctx, x) {
      if (x.shape.length !== 2) {
        throw new TypeError(
          `dense: expected a [batch, features] input, got [${x.shape}]; add flatten() first`,
        );
      }
      const inputs = fixed(x.shape[1], 'dense', 'the input features');
      const name = options.name ?? ctx.uniqueName('dense');
      const w = ctx.param(
        `${name}.weight`,
        [inputs, units],
        options.kernelInitializer ?? 'glorotUniform',
        inputs,
        units,
      );
      const args = [x.name, w];
      if (options.useBias ?? true)
        args.push(ctx.param(`${name}.bias`, [units], 'zeros', inputs, units));
      return {
        name: ctx.node('Gemm', args, undefined, name),
        shape: [x.shape[0] ?? 'batch', units],
      };
    },
  };
}
