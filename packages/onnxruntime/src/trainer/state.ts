import type { Tensor, TensorConstructor } from 'onnxruntime-common';
import type { ModelBuffer, Param } from '../graph/types.js';
import type { AccumulationState } from './accumulator.js';

/** Everything needed to put a trainer back exactly: parameters, optimizer state, buffers, global step. */
export interface TrainerState {
  readonly globalStep: number;
  readonly params: Readonly<Record<string, Float32Array>>;
  readonly optimizerState: Readonly<Record<string, Float32Array>>;
  /** Buffers (BatchNormalization running statistics); required when the model has any. */
  readonly buffers?: Readonly<Record<string, Float32Array>>;
  /** With `gradientAccumulationSteps` > 1, mid-window: the micro-batches and gradients accumulated so far. */
  readonly accumulation?: AccumulationState;
}

export function copyAll(tensors: ReadonlyMap<string, Tensor>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of tensors) out[name] = (t.data as Float32Array).slice();
  return out;
}

export function restoreAll(
  fn: string,
  field: string,
  values: Readonly<Record<string, Float32Array>> | undefined,
  expected: readonly (readonly [string, Param | ModelBuffer])[],
  Tensor: TensorConstructor,
): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [name, param] of expected) {
    const v = values?.[name];
    if (!(v instanceof Float32Array) || v.length !== param.data.length) {
      throw new TypeError(
        `${fn}: expected ${field}['${name}'] to be a Float32Array of ${param.data.length} values, got ${v instanceof Float32Array ? v.length : typeof v}`,
      );
    }
    out.set(name, new Tensor('float32', v.slice(), param.dims));
  }
  return out;
}
