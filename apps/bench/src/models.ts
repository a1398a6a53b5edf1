import type { BackendName, ModelName } from './backends/types.js';

/** What `--model` can name: one entry per model, with the backends that define it. */
export interface ModelEntry {
  readonly description: string;
  readonly backends: readonly BackendName[];
}

/**
 * The bench's models. Adding one: an entry here, its layers in the backends that train it
 * (`backends/onnx-models.ts`, `backends/tfjs.ts`), and, if it has its own suite, `suites.ts`.
 */
export const MODELS: Readonly<Record<ModelName, ModelEntry>> = {
  mlp: { description: 'MLP 784-256-10', backends: ['onnxruntime', 'tfjs'] },
  cnn: {
    description: 'conv5x5x16-pool-conv5x5x32-pool-dense',
    // Measured: 4 tfjs iterations did not finish in 90 s (wasm in Node, conv backprop on cpu).
    backends: ['onnxruntime'],
  },
  resnet: {
    description:
      'small BN ResNet: conv3x3x16-BN-ReLU, 3 BasicBlocks (16, 32/2, 64/2; conv3x3-BN-ReLU-conv3x3-BN + shortcut), global average pool, dense',
    backends: ['onnxruntime'],
  },
};

export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];
