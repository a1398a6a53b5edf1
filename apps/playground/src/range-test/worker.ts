/// <reference lib="webworker" />
import { bounds, rangeTest } from '@cyclr/rangefinder';
import { rangeTestTrainer } from '@cyclr/tfjs';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from './backends.js';
import { loadFashionMnistSubset } from './load-subset.js';
import type { FromWorker, ToWorker } from './messages.js';

const post = (message: FromWorker) => (self as DedicatedWorkerGlobalScope).postMessage(message);
const controller = { aborted: false };

/** The bench's small MLP (784-64-10), SGD with momentum: trains fast on any backend. */
function buildModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: tf.train.momentum(0.01, 0.9),
    loss: 'sparseCategoricalCrossentropy',
  });
  return model;
}

async function run(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const started = performance.now();
  controller.aborted = false;
  const { backend, tried } = await chooseBackend(message.backend);
  post({ type: 'backend', backend, tried });
  post({ type: 'status', message: 'Loading Fashion-MNIST…' });
  const data = await loadFashionMnistSubset(message.examples);
  const xs = tf.tensor2d(data.pixels, [data.count, 784]);
  const ys = tf.tensor1d(data.labels, 'float32');
  const model = buildModel();
  const trainer = rangeTestTrainer(model, { xs, ys, batchSize: 64 });
  try {
    const result = await rangeTest(trainer, {
      startLr: 1e-5,
      endLr: 10,
      steps: message.steps,
      signal: controller,
      onStep: (progress) =>
        post({
          type: 'step',
          step: progress.step,
          steps: message.steps,
          lr: progress.lr,
          loss: progress.loss,
          smoothedLoss: progress.smoothedLoss,
        }),
    });
    let chosen: ReturnType<typeof bounds> | undefined;
    let boundsError: string | undefined;
    try {
      chosen = bounds(result);
    } catch (error) {
      boundsError = (error as Error).message;
    }
    post({
      type: 'done',
      reason: result.reason,
      lrs: result.lrs,
      smoothedLosses: result.smoothedLosses,
      suggestions: result.suggestions,
      bounds: chosen,
      boundsError,
      milliseconds: performance.now() - started,
    });
  } finally {
    trainer.dispose();
    model.dispose();
    xs.dispose();
    ys.dispose();
  }
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  if (event.data.type === 'stop') {
    controller.aborted = true;
    return;
  }
  run(event.data).catch((error: unknown) =>
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
