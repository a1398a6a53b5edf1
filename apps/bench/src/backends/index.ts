import type { Backend, BackendName } from './types.js';

/**
 * Creates a backend by name. Each backend is imported only when asked for, so a user who runs
 * the ONNX bench never loads TensorFlow.js, and the reverse. Every session/graph runs on one
 * thread: the bench parallelises across runs (worker threads), and one thread per run keeps the
 * numbers independent of how many workers there are.
 */
export async function createBackend(name: BackendName): Promise<Backend> {
  switch (name) {
    case 'onnxruntime': {
      const { onnxruntimeBackend } = await import('./onnxruntime.js');
      return onnxruntimeBackend();
    }
    case 'tfjs': {
      const { tfjsBackend } = await import('./tfjs.js');
      return tfjsBackend();
    }
    default:
      throw new Error(
        `--backend: expected onnxruntime or tfjs, got ${JSON.stringify(name satisfies never)}`,
      );
  }
}

/** One line for the report: what ran the numbers. */
export function describeBackend(name: BackendName): string {
  switch (name) {
    case 'onnxruntime':
      return '@cyclr/onnxruntime on onnxruntime-node (CPU, 1 intra-op thread per run)';
    case 'tfjs':
      return '@cyclr/tfjs on TensorFlow.js 4.22 (wasm backend, one thread)';
  }
}
