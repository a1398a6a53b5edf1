// Types only: `import type` is erased from the emitted JavaScript (verbatimModuleSyntax), so the
// trainer never loads onnxruntime-common (nor any runtime) itself; the entry points bring one.
import { describeValue } from '@cyclr/core';
import type { InferenceSessionFactory, TensorConstructor } from 'onnxruntime-common';

/**
 * The part of an onnxruntime JavaScript package the trainer uses: `InferenceSession.create` and
 * the `Tensor` constructor, as onnxruntime-common declares them. `onnxruntime-node` and
 * `onnxruntime-web` (and each of its builds: `onnxruntime-web/wasm`, `/webgpu`, ...) all
 * provide it, so pass the package's namespace.
 *
 * @example
 * import * as ort from 'onnxruntime-web/webgpu';
 * const trainer = await OnnxTrainer.create({ ...options, runtime: ort });
 */
export interface OrtRuntime {
  readonly InferenceSession: Pick<InferenceSessionFactory, 'create'>;
  readonly Tensor: TensorConstructor;
}

/** `runtime` checked to look like an onnxruntime package, so a wrong value fails before any graph is built. */
export function checkRuntime(fn: string, runtime: unknown): OrtRuntime {
  const candidate = runtime as Partial<OrtRuntime> | null | undefined;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.InferenceSession?.create !== 'function' ||
    typeof candidate.Tensor !== 'function'
  ) {
    throw new TypeError(
      `${fn}: expected runtime to be an onnxruntime package ({ InferenceSession, Tensor }, e.g. import * as ort from 'onnxruntime-web'), got ${describeValue(runtime)}`,
    );
  }
  return candidate as OrtRuntime;
}
