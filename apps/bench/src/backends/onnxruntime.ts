import type { Batch, ImageSet } from '@cyclr/datasets';
import {
  conv2d,
  dense,
  flatten,
  maxPool2d,
  NonFiniteLossError,
  OnnxTrainer,
  relu,
  type Sequential,
  sequential,
  type TrainerState,
} from '@cyclr/onnxruntime';
import type { Backend, BenchModel, CreateModelOptions } from './types.js';

function buildModel({ model, inputShape, classCount }: CreateModelOptions): Sequential {
  const pixels = inputShape.reduce((a, b) => a * b, 1);
  if (model === 'mlp') {
    // 784-256-10, the task of issue 6 and of the PyTorch reference run.
    return sequential({
      inputShape: [pixels],
      layers: [dense(256, { kernelInitializer: 'heUniform' }), relu(), dense(classCount)],
    });
  }
  // A small LeNet-style net: conv5x5(16) - pool - conv5x5(32) - pool - dense.
  return sequential({
    inputShape: [1, ...inputShape],
    layers: [
      conv2d(16, { kernelSize: 5, padding: 'same', kernelInitializer: 'heUniform' }),
      relu(),
      maxPool2d({ poolSize: 2 }),
      conv2d(32, { kernelSize: 5, padding: 'same', kernelInitializer: 'heUniform' }),
      relu(),
      maxPool2d({ poolSize: 2 }),
      flatten(),
      dense(classCount),
    ],
  });
}

/** The ONNX backend: @cyclr/onnxruntime's train-step graph, SGD with momentum, one thread. */
export function onnxruntimeBackend(): Backend {
  return {
    describe: async () => '@cyclr/onnxruntime on onnxruntime-node (CPU, 1 intra-op thread per run)',
    async createModel(options: CreateModelOptions): Promise<BenchModel> {
      const trainer = await OnnxTrainer.create({
        model: buildModel(options),
        optimizer: { type: 'sgd', momentum: 0.9 },
        // The bench feeds every step's rate and momentum itself (stepWith), so each backend runs
        // the same loop; this schedule is never consulted.
        schedule: { policy: 'constant', lr: 0.01 },
        batchSize: options.batchSize,
        seed: options.seed,
      });
      return {
        async step(batch: Batch, lr: number, momentum: number) {
          try {
            return await trainer.stepWith(batch.images, batch.labels, {
              learningRate: lr,
              momentum,
            });
          } catch (error) {
            if (error instanceof NonFiniteLossError) return Number.NaN;
            throw error;
          }
        },
        async accuracy(set: ImageSet) {
          return (await trainer.evaluate(set.images, set.labels, { batchSize: 1000 })).accuracy;
        },
        snapshot: () => trainer.snapshot(),
        restore: (state) => trainer.restore(state as TrainerState),
        release: () => trainer.release(),
      };
    },
  };
}
