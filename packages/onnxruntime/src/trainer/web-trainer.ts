import { InferenceSession, Tensor } from 'onnxruntime-web';
import type { LossOptions } from '../losses/types.js';
import { OnnxTrainer as PortableTrainer } from './onnx-trainer.js';
import type { LoadOverrides, OnnxTrainerOptions } from './options.js';
import type { OrtRuntime } from './runtime.js';

const onnxruntimeWeb: OrtRuntime = { InferenceSession, Tensor };

/**
 * Trains a model in the browser on onnxruntime-web (its wasm backend by default), exactly as
 * `@cyclr/onnxruntime`'s trainer does on onnxruntime-node: the same train-step graphs, the
 * schedule's `learning_rate` fed every step. Checkpoints are bytes: `checkpointBytes()` and
 * {@link OnnxTrainer.fromCheckpoint}. Set `ort.env.wasm.wasmPaths` (on the `onnxruntime-web`
 * you import) before the first `create` when your bundler does not serve the .wasm files.
 *
 * @example
 * import * as ort from 'onnxruntime-web';
 * import { OnnxTrainer, dense, relu, sequential } from '@cyclr/onnxruntime/web';
 *
 * ort.env.wasm.wasmPaths = '/ort/'; // where ort-wasm-simd-threaded.{mjs,wasm} are served
 * const trainer = await OnnxTrainer.create({
 *   model: sequential({ inputShape: [784], layers: [dense(64), relu(), dense(10)] }),
 *   optimizer: { type: 'sgd', momentum: 0.9 },
 *   schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 200 },
 * });
 * const loss = await trainer.step(images, labels);
 */
export class OnnxTrainer<L extends LossOptions = 'softmaxCrossEntropy'> extends PortableTrainer<L> {
  static override create<L extends LossOptions = 'softmaxCrossEntropy'>(
    options: OnnxTrainerOptions<L>,
  ): Promise<OnnxTrainer<L>> {
    return PortableTrainer.createAs(OnnxTrainer, onnxruntimeWeb, options) as Promise<
      OnnxTrainer<L>
    >;
  }

  /** {@link OnnxTrainer.fromCheckpoint}, resuming on onnxruntime-web unless `overrides.runtime` is given. */
  static override fromCheckpoint<L extends LossOptions = 'softmaxCrossEntropy'>(
    bytes: Uint8Array,
    overrides: LoadOverrides = {},
  ): Promise<OnnxTrainer<L>> {
    return PortableTrainer.fromCheckpointAs<L>(
      OnnxTrainer,
      onnxruntimeWeb,
      bytes,
      overrides,
    ) as Promise<OnnxTrainer<L>>;
  }
}
