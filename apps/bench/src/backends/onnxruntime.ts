import type { Batch, ImageSet } from '@cyclr/datasets';
import { NonFiniteLossError, OnnxTrainer, type TrainerState } from '@cyclr/onnxruntime';
import { ONNX_MODELS } from './onnx-models.js';
import type { Backend, BenchModel, CreateModelOptions } from './types.js';

/** The ONNX backend: @cyclr/onnxruntime's train-step graph, SGD with momentum, one thread. */
export function onnxruntimeBackend(): Backend {
  return {
    describe: async () => '@cyclr/onnxruntime on onnxruntime-node (CPU, 1 intra-op thread per run)',
    async createModel(options: CreateModelOptions): Promise<BenchModel> {
      const trainer = await OnnxTrainer.create({
        model: ONNX_MODELS[options.model](options),
        optimizer: { type: 'sgd', momentum: options.momentum },
        // Every step's rate and momentum come from the run's schedule through stepWith (the
        // range test has no schedule); this one is never consulted.
        schedule: { policy: 'constant', lr: 0.01 },
        batchSize: options.batchSize,
        seed: options.seed,
      });
      const update = async (batch: Batch, learningRate: number, momentum: number) => {
        try {
          return await trainer.stepWith(batch.images, batch.labels, { learningRate, momentum });
        } catch (error) {
          if (error instanceof NonFiniteLossError) return Number.NaN;
          throw error;
        }
      };
      return {
        train: (schedule) => ({
          step: (batch, iteration) =>
            update(
              batch,
              schedule.lr(iteration),
              schedule.momentum?.(iteration) ?? options.momentum,
            ),
        }),
        rangeTestTrainer: (nextBatch, evaluate) => ({
          step: (lr) => update(nextBatch(), lr, options.momentum),
          snapshot: () => trainer.snapshot(),
          restore: (state) => trainer.restore(state as TrainerState),
          evaluate,
          // onnxruntime snapshots are plain arrays, freed with the trainer.
          dispose() {},
        }),
        async accuracy(set: ImageSet) {
          return (await trainer.evaluate(set.images, set.labels, { batchSize: 1000 })).accuracy;
        },
        release: () => trainer.release(),
      };
    },
  };
}
