import type { Initializer } from '../init/initializers.js';
import { checkOptionKeys } from './options.js';
import { checkPositiveInt, type Layer } from './types.js';

/** Options of {@link embedding}. */
export interface EmbeddingOptions {
  /** Initialiser of the table. Default `'normal'` (N(0, 1), torch's nn.Embedding). */
  readonly embeddingsInitializer?: Initializer;
  /** Name prefix of the node and the table. Default `embedding<index>`. */
  readonly name?: string;
}

const KEYS = ['embeddingsInitializer', 'name'] as const;

/**
 * Embedding lookup: a `[vocab, dim]` table `<name>.weight` indexed by an integer input
 * `[batch, ...]` (ONNX Gather, axis 0), giving `[batch, ..., dim]`. The gradient adds each
 * looked-up row's gradient into the table (ScatterND, reduction add).
 *
 * @example
 * sequential({ inputShape: [12], layers: [embedding(1000, 32), layerNorm(), flatten(), dense(4)] });
 */
export function embedding(vocab: number, dim: number, options: EmbeddingOptions = {}): Layer {
  checkPositiveInt('embedding', 'vocab', vocab);
  checkPositiveInt('embedding', 'dim', dim);
  checkOptionKeys('embedding', options, KEYS);
  return {
    kind: 'embedding',
    apply(ctx, x) {
      const name = options.name ?? ctx.uniqueName('embedding');
      const table = ctx.param(
        `${name}.weight`,
        [vocab, dim],
        options.embeddingsInitializer ?? 'normal',
        vocab,
        dim,
      );
      return {
        name: ctx.node('Gather', [table, x.name], { axis: { i: 0 } }, name),
        shape: [...x.shape, dim],
      };
    },
  };
}
