import { NodeEmitter } from '../graph/emitter.js';
import type { Dim, ForwardGraph, ModelBuffer, Param } from '../graph/types.js';
import { initialize } from '../init/initializers.js';
import { seededRandom } from '../init/prng.js';
import { checkOptionKeys } from './options.js';
import type { Layer, LayerContext } from './types.js';

/** Options of {@link sequential}. */
export interface SequentialOptions {
  /** Shape of one example, without the batch dim: `[784]`, or `[channels, height, width]` (NCHW). */
  readonly inputShape: readonly number[];
  /** The layers, in order; the last one outputs the logits `[batch, classes]`. */
  readonly layers: readonly Layer[];
  /** Graph input name. Default `'input'`. */
  readonly inputName?: string;
}

/** A stack of layers; {@link Sequential.build} turns it into a forward graph with seeded weights. */
export interface Sequential {
  readonly inputShape: readonly number[];
  readonly layers: readonly Layer[];
  /** The forward graph, weights drawn from a PRNG seeded with `seed` (same seed, same weights). */
  build(seed: number): ForwardGraph;
}

/**
 * A feed-forward model as a stack of layers, in the style of tfjs's `tf.sequential`.
 * Its forward graph ends in the logits output `'logits'`; the trainer adds the softmax
 * cross-entropy loss.
 *
 * @example
 * const model = sequential({ inputShape: [784], layers: [dense(256, { kernelInitializer: 'heUniform' }), relu(), dense(10)] });
 * const graph = model.build(1); // graph.params: dense0.weight [784, 256], dense0.bias, dense1.weight, dense1.bias
 */
export function sequential(options: SequentialOptions): Sequential {
  checkOptionKeys('sequential', options, ['inputShape', 'layers', 'inputName']);
  const { inputShape, layers } = options;
  if (
    !Array.isArray(inputShape) ||
    inputShape.length === 0 ||
    !inputShape.every((d) => Number.isInteger(d) && d > 0)
  ) {
    throw new TypeError(
      `sequential: expected inputShape to be an array of positive integers, got ${JSON.stringify(inputShape)}`,
    );
  }
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new TypeError('sequential: expected layers to be a non-empty array of layers');
  }
  const inputName = options.inputName ?? 'input';
  return {
    inputShape,
    layers,
    build(seed) {
      if (!Number.isFinite(seed))
        throw new TypeError(`sequential.build: expected seed to be a number, got ${seed}`);
      const random = seededRandom(seed);
      const params: Param[] = [];
      const buffers: ModelBuffer[] = [];
      // Forward names are the layers' own: `<kind><n>` per kind, e.g. `dense0`, `relu1`.
      const emitter: NodeEmitter = new NodeEmitter('', {
        nodeName: (opType) => emitter.uniqueName(opType.toLowerCase()),
      });
      const ctx: LayerContext = {
        uniqueName: (kind) => emitter.uniqueName(kind),
        node: (opType, inputs, attributes, name) =>
          emitter.emit(opType, inputs, attributes, 1, name)[0] as string,
        param(name, dims, init, fanIn, fanOut) {
          const size = dims.reduce((a, b) => a * b, 1);
          params.push({
            name,
            dims: [...dims],
            data: initialize(init, size, fanIn, fanOut, random),
          });
          return name;
        },
        buffer(name, dims, values) {
          buffers.push({ name, dims: [...dims], data: new Float32Array(values) });
          return name;
        },
        floatConstant: (name, values, dims) => emitter.constant(name, 'float32', values, dims),
        int64Constant: (name, values) => emitter.constant(name, 'int64', values, [values.length]),
      };
      let value: { name: string; shape: readonly Dim[] } = {
        name: inputName,
        shape: ['batch', ...inputShape],
      };
      for (const layer of layers) value = layer.apply(ctx, value);
      // Name the logits; the last layer's own output keeps its name inside the graph.
      emitter.emit('Identity', [value.name], undefined, 1, 'logits');
      return {
        input: { name: inputName, dtype: 'float32', shape: ['batch', ...inputShape] },
        output: 'logits',
        nodes: emitter.nodes,
        params,
        constants: emitter.constants,
        ...(buffers.length > 0 ? { buffers } : {}),
      };
    },
  };
}
