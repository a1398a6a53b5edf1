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

/** One line for the report: what runs the numbers, asked of the backend itself. */
export async function describeBackend(name: BackendName): Promise<string> {
  // No model is made, so there is nothing to free.
  return (await createBackend(name)).describe();
}
