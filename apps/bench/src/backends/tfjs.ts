import { fromFunction } from '@cyclr/core';
import type { Batch, ImageSet } from '@cyclr/datasets';
import { bindSchedule, registerWasmTrainingKernels } from '@cyclr/tfjs';
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
 * The TensorFlow.js backend: a tf.sequential model, `tf.train.momentum`, rate and momentum
 * written every step through @cyclr/tfjs's `bindSchedule` (tfjs's own `setMomentum` is a no-op).
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
      const optimizer = tf.train.momentum(0.01, 0.9);
      // The bench decides each step's rate and momentum; this schedule just hands them over.
      const current = { lr: 0.01, momentum: 0.9 };
      const schedule = fromFunction(() => current.lr, { momentum: () => current.momentum });
      const binding = bindSchedule(optimizer, schedule);
      model.compile({
        optimizer,
        loss: (labels: tf.Tensor, logits: tf.Tensor) =>
          tf.losses.softmaxCrossEntropy(labels, logits),
      });
      let globalStep = 0;

      const tensors = (images: Float32Array, labels: Uint8Array, rows: number) => ({
        xs: tf.tensor(images, [rows, ...exampleShape]),
        ys: tf.tidy(() =>
          tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), options.classCount).toFloat(),
        ),
      });

      return {
        async step(batch: Batch, lr: number, momentum: number) {
          current.lr = lr;
          current.momentum = momentum;
          binding.apply(globalStep);
          const { xs, ys } = tensors(batch.images, batch.labels, batch.size);
          try {
            const loss = await model.trainOnBatch(xs, ys);
            globalStep++;
            return Array.isArray(loss) ? (loss[0] as number) : loss;
          } finally {
            xs.dispose();
            ys.dispose();
          }
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
        async snapshot() {
          const weights = model.getWeights().map((weight) => weight.clone());
          const state = (await optimizer.getWeights()).map(({ name, tensor }) => ({
            name,
            tensor: tensor.clone(),
          }));
          return { weights, state, globalStep };
        },
        async restore(saved) {
          const {
            weights,
            state,
            globalStep: step,
          } = saved as {
            weights: tf.Tensor[];
            state: { name: string; tensor: tf.Tensor }[];
            globalStep: number;
          };
          model.setWeights(weights);
          await optimizer.setWeights(
            state.map(({ name, tensor }) => ({ name, tensor: tensor.clone() })),
          );
          globalStep = step;
        },
        async release() {
          model.dispose();
          optimizer.dispose();
        },
      };
    },
  };
}
