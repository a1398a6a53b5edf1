import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice } from './messages.js';

// The .wasm files are served by the page itself (Vite copies them), never from a CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

const order: Readonly<Record<BackendChoice, readonly string[]>> = {
  auto: ['webgl', 'wasm', 'cpu'],
  webgl: ['webgl'],
  wasm: ['wasm'],
  cpu: ['cpu'],
};

/** Sets the first backend of the choice that initialises here; returns it and what failed. */
export async function chooseBackend(
  choice: BackendChoice,
): Promise<{ backend: string; tried: string[] }> {
  const tried: string[] = [];
  for (const name of order[choice]) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { backend: tf.getBackend(), tried };
      }
    } catch {
      // fall through to the next backend; the page says which ones failed
    }
    tried.push(name);
  }
  throw new Error(
    `range test: no TensorFlow.js backend of ${order[choice].join(', ')} initialised`,
  );
}
