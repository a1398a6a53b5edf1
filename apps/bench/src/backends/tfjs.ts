import type { Batch, ImageSet } from '@cyclr/datasets';
import {
  bindSchedule,
  disposeOptimizer,
  rangeTestTrainer,
  registerWasmTrainingKernels,
} from '@cyclr/tfjs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Backend, BenchModel, CreateModelOptions } from './types.js';

const EVAL_CHUNK = 1000;

async function useFastestBackend(): Promise<string> {
  // wasm (SIMD, one thread in Node) is 4-5x faster than the pure-JS cpu backend for this MLP.
  registerWasmTrainingKernels();
  if (tf.getBackend() !== 'wasm' && !(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

function buildModel({ model, inputShape, classCount, seed }: CreateModelOptions): tf.Sequential {
  const pixels = inputShape.reduce((a, b) => a * b, 1);
  if (model === 'resnet') {
    throw new Error(
      'tfjsBackend: expected model mlp or cnn, got resnet (ONNX only, see models.ts)',
    );
  }
  if (model === 'mlp') {
    return tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [pixels],
          units: 256,
          activation: 'relu',
          kernelInitializer: tf.initializers.heUniform({ seed }),
        }),
        tf.layers.dense({
          units: classCount,
          kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
        }),
      ],
    });
  }
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [...inputShape, 1],
        filters: 16,
        kernelSize: 5,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.heUniform({ seed }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({
        filters: 32,
        kernelSize: 5,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.heUniform({ seed: seed + 1 }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: classCount,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
      }),
    ],
  });
}

/**
 * The TensorFlow.js backend: a tf.sequential model and `tf.train.momentum`, driven by
 * @cyclr/tfjs: `bindSchedule` writes the run's schedule (rate, and momentum when it cycles it;
 * tfjs's own `setMomentum` is a no-op) before every step, and the range test uses its
 * `rangeTestTrainer`, whose snapshots copy and free the weights and the optimizer's whole state.
 */
export function tfjsBackend(): Backend {
  return {
    async describe() {
      const backendName = await useFastestBackend();
      return `@cyclr/tfjs on TensorFlow.js ${tf.version.tfjs} (${backendName} backend, one thread)`;
    },
    async createModel(options: CreateModelOptions): Promise<BenchModel> {
      await useFastestBackend();
      const exampleShape =
        options.model === 'mlp'
          ? [options.inputShape.reduce((a, b) => a * b, 1)]
          : [...options.inputShape, 1];
      const model = buildModel(options);
      // The initial rate is overwritten before the first step (the schedule or the range test).
      const optimizer = tf.train.momentum(0.01, options.momentum);
      model.compile({
        optimizer,
        loss: (labels: tf.Tensor, logits: tf.Tensor) =>
          tf.losses.softmaxCrossEntropy(labels, logits),
      });

      const tensors = (batch: Batch) => ({
        xs: tf.tensor(batch.images, [batch.size, ...exampleShape]),
        ys: tf.tidy(() =>
          tf
            .oneHot(tf.tensor1d(Int32Array.from(batch.labels), 'int32'), options.classCount)
            .toFloat(),
        ),
      });

      return {
        train(schedule) {
          const binding = bindSchedule(optimizer, schedule);
          return {
            async step(batch, iteration) {
              binding.apply(iteration);
              const { xs, ys } = tensors(batch);
              try {
                const loss = await model.trainOnBatch(xs, ys);
                return Array.isArray(loss) ? (loss[0] as number) : loss;
              } finally {
                xs.dispose();
                ys.dispose();
              }
            },
          };
        },
        rangeTestTrainer(nextBatch, evaluate) {
          // A tf.data-like source of the bench's own batches; the trainer disposes each one.
          const batches = {
            iterator: async () => ({
              next: async () => ({ value: tensors(nextBatch()), done: false as const }),
            }),
          };
          return rangeTestTrainer(model, batches, { evaluate });
        },
        async accuracy(set: ImageSet) {
          const size = set.images.length / set.count;
          let correct = 0;
          for (let start = 0; start < set.count; start += EVAL_CHUNK) {
            const end = Math.min(set.count, start + EVAL_CHUNK);
            const predicted = tf.tidy(() => {
              const xs = tf.tensor(set.images.subarray(start * size, end * size), [
                end - start,
                ...exampleShape,
              ]);
              return (model.predict(xs) as tf.Tensor).argMax(-1);
            });
            const values = (await predicted.data()) as Int32Array;
            predicted.dispose();
            for (let i = 0; i < values.length; i++)
              if (values[i] === set.labels[start + i]) correct++;
          }
          return correct / set.count;
        },
        async release() {
          model.dispose();
          // Not optimizer.dispose(): tfjs 4.22's momentum optimizer leaks its lr scalar there.
          disposeOptimizer(optimizer);
        },
      };
    },
  };
}
