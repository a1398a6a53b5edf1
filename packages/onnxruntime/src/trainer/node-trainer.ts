import { readFile } from 'node:fs/promises';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { writeFileAtomic } from '../checkpoint/atomic-write.js';
import { checkOptionKeys } from '../layers/options.js';
import type { LossOptions } from '../losses/types.js';
import { OnnxTrainer as PortableTrainer } from './onnx-trainer.js';
import { LOAD_OVERRIDE_KEYS, type LoadOverrides, type OnnxTrainerOptions } from './options.js';
import type { OrtRuntime } from './runtime.js';

const onnxruntimeNode: OrtRuntime = { InferenceSession, Tensor };

/**
 * Trains a model on onnxruntime-node by running a train-step graph (forward, backward by
 * reverse-mode differentiation, optimizer update) once per batch, feeding the schedule's
 * `learning_rate` and momentum/beta1 for the current global step. Checkpoints go to files
 * ({@link OnnxTrainer.save}, {@link OnnxTrainer.load}) or bytes (`checkpointBytes`,
 * `fromCheckpoint`). The browser's twin is `OnnxTrainer` of `@cyclr/onnxruntime/web`.
 *
 * @example
 * const trainer = await OnnxTrainer.create({
 *   model: sequential({ inputShape: [784], layers: [dense(256), relu(), dense(10)] }),
 *   optimizer: { type: 'sgd', momentum: 0.9 },
 *   schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 500 },
 *   seed: 1,
 * });
 * const loss = await trainer.step(images, labels); // images: Float32Array rows*784, labels: Int32Array
 * const { accuracy } = await trainer.evaluate(testImages, testLabels);
 * await trainer.release();
 */
export class OnnxTrainer<L extends LossOptions = 'softmaxCrossEntropy'> extends PortableTrainer<L> {
  static override create<L extends LossOptions = 'softmaxCrossEntropy'>(
    options: OnnxTrainerOptions<L>,
  ): Promise<OnnxTrainer<L>> {
    return PortableTrainer.createAs(OnnxTrainer, onnxruntimeNode, options) as Promise<
      OnnxTrainer<L>
    >;
  }

  /** {@link OnnxTrainer.fromCheckpoint}, resuming on onnxruntime-node unless `overrides.runtime` is given. */
  static override fromCheckpoint<L extends LossOptions = 'softmaxCrossEntropy'>(
    bytes: Uint8Array,
    overrides: LoadOverrides = {},
  ): Promise<OnnxTrainer<L>> {
    return PortableTrainer.fromCheckpointAs<L>(
      OnnxTrainer,
      onnxruntimeNode,
      bytes,
      overrides,
    ) as Promise<OnnxTrainer<L>>;
  }

  /**
   * Writes {@link OnnxTrainer.checkpointBytes}' checkpoint to `path`, atomically (temporary
   * file + rename): a crash mid-save leaves the previous file. {@link OnnxTrainer.load}
   * continues from it bit-identically; `safetensors.torch.load_file` reads the parameters.
   *
   * @example
   * await trainer.save('run-1.safetensors');
   */
  async save(path: string): Promise<void> {
    const fn = 'OnnxTrainer.save';
    if (typeof path !== 'string' || path === '') {
      throw new TypeError(`${fn}: expected path to be a file path string, got ${String(path)}`);
    }
    await writeFileAtomic(path, this.checkpointFor(fn));
  }

  /**
   * A trainer resumed from a checkpoint file written by {@link save} (or the bytes of
   * `checkpointBytes`, e.g. from a browser): see {@link OnnxTrainer.fromCheckpoint} for what
   * `overrides` may change. A truncated or corrupt file throws one error naming the file and the
   * flaw, before any session is opened.
   *
   * @example
   * const trainer = await OnnxTrainer.load('run-1.safetensors');
   */
  static async load<L extends LossOptions = 'softmaxCrossEntropy'>(
    path: string,
    overrides: LoadOverrides = {},
  ): Promise<OnnxTrainer<L>> {
    const fn = 'OnnxTrainer.load';
    checkOptionKeys(fn, overrides, LOAD_OVERRIDE_KEYS, 'overrides');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new Error(
        `${fn}: cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        { cause: error },
      );
    }
    return PortableTrainer.resumeAs<L>(OnnxTrainer, onnxruntimeNode, {
      fn,
      source: `'${path}'`,
      writer: 'OnnxTrainer.save',
      bytes,
      overrides,
    }) as Promise<OnnxTrainer<L>>;
  }

  /** Writes `exportInferenceModel()`'s ONNX model to `path`, atomically. */
  async saveInferenceModel(path: string): Promise<void> {
    await writeFileAtomic(path, await this.exportInferenceModel());
  }
}
