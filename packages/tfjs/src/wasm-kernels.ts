import {
  findBackend,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** The backprop kernels `@tensorflow/tfjs-backend-wasm` 4.x lacks, so conv nets cannot train. */
export const WASM_MISSING_TRAINING_KERNELS: readonly string[] = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
];

/** Options of {@link registerWasmTrainingKernels}. */
export interface RegisterWasmTrainingKernelsOptions {
  /** Backend to register the kernels for. Default `'wasm'`. */
  backendName?: string;
}

/**
 * Makes conv nets trainable on the wasm backend: registers `Conv2DBackpropFilter` and the two
 * depthwise backprop kernels for wasm, each delegating to the cpu backend's kernel (inputs are
 * copied to the cpu backend, the result copied back). Gradients match the cpu backend's to
 * float32 rounding. Kernels the backend already has are left alone, so it is safe to call
 * more than once and becomes a no-op once tfjs ships them. Needs the cpu backend to be
 * registered (`@tensorflow/tfjs` or `@tensorflow/tfjs-backend-cpu` imported); the wasm
 * backend itself need not be initialized yet.
 *
 * @returns the kernel names it registered.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from '@cyclr/tfjs';
 *
 * registerWasmTrainingKernels(); // ['Conv2DBackpropFilter', ...]
 * await tf.setBackend('wasm');
 * await convModel.fit(xs, ys); // conv2d / depthwiseConv2d layers now train on wasm
 * ```
 */
export function registerWasmTrainingKernels(
  options: RegisterWasmTrainingKernelsOptions = {},
): string[] {
  const backendName = options.backendName ?? 'wasm';
  if (typeof backendName !== 'string' || backendName === '') {
    throw new TypeError(
      `registerWasmTrainingKernels: expected backendName to be a backend name, got ${String(backendName)}`,
    );
  }
  const registered: string[] = [];
  for (const kernelName of WASM_MISSING_TRAINING_KERNELS) {
    if (getKernel(kernelName, backendName) !== undefined) continue;
    const cpuKernel = getKernel(kernelName, 'cpu');
    if (cpuKernel === undefined) {
      throw new Error(
        `registerWasmTrainingKernels: expected the cpu backend's ${kernelName} kernel to be registered (import '@tensorflow/tfjs' or '@tensorflow/tfjs-backend-cpu'), got none`,
      );
    }
    registerKernel({
      kernelName,
      backendName,
      kernelFunc: delegateToCpu(cpuKernel),
    });
    registered.push(kernelName);
  }
  return registered;
}

function delegateToCpu(cpuKernel: KernelConfig): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const cpu = findBackend('cpu') as KernelBackend | null;
    if (!cpu) {
      throw new Error(
        `registerWasmTrainingKernels: expected the cpu backend to be available for ${cpuKernel.kernelName}, got none`,
      );
    }
    const target = backend as KernelBackend;
    const cpuInputs: Record<string, TensorInfo> = {};
    const copies: TensorInfo[] = [];
    try {
      for (const [name, info] of Object.entries(inputs)) {
        if (!info) continue;
        const copy: TensorInfo = {
          dataId: cpu.write(target.readSync(info.dataId), info.shape, info.dtype),
          shape: info.shape,
          dtype: info.dtype,
        };
        copies.push(copy);
        cpuInputs[name] = copy;
      }
      const out = cpuKernel.kernelFunc({ inputs: cpuInputs, attrs: attrs ?? {}, backend: cpu });
      const outputs = Array.isArray(out) ? out : [out];
      const moved = outputs.map((o) => {
        const values = cpu.readSync(o.dataId);
        cpu.disposeData(o.dataId);
        return { dataId: target.write(values, o.shape, o.dtype), shape: o.shape, dtype: o.dtype };
      });
      return Array.isArray(out) ? moved : (moved[0] as TensorInfo);
    } finally {
      for (const copy of copies) cpu.disposeData(copy.dataId);
    }
  };
}
