/**
 * Per-batch cost of learningRateScheduler against one training step of a 784-256-10 MLP at
 * batch 128 on the wasm backend (Node, SIMD, one thread).
 *
 *   flock /tmp/cyclr-bench.lock pnpm --filter @cyclr/tfjs bench
 *
 * 1. step: median ms of `model.trainOnBatch` over blocks of steps (no callback).
 * 2. callback: median ms of one `onBatchBegin` + `onBatchEnd` pair, called as fit calls them,
 *    for the worst cases: the Momentum optimizer (a new scalar per momentum change), SGD
 *    (`setLearningRate` allocates a scalar) and Adam (field writes).
 * 3. fit: ms per batch of `model.fit` with and without the scheduler, alternating runs.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { learningRateScheduler } from '../src/index.js';

const BATCH = 128;
const STEP_BLOCKS = 7;
const STEPS_PER_BLOCK = 10;
const CALLBACK_BLOCKS = 9;
const CALLS_PER_BLOCK = 2000;
const FIT_REPEATS = 3;
const FIT_BATCHES = 20;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function mlp(optimizer: tf.Optimizer) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 256, inputShape: [784], activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  return model;
}

const SPEC = {
  policy: 'triangular',
  baseLr: 0.001,
  maxLr: 0.01,
  stepSize: 50,
  baseMomentum: 0.85,
  maxMomentum: 0.95,
};

async function stepMs(): Promise<number> {
  const model = mlp(tf.train.momentum(0.01, 0.9));
  const xs = tf.randomNormal([BATCH, 784], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2) as tf.Tensor1D, 10);
  for (let i = 0; i < 5; i++) await model.trainOnBatch(xs, ys);
  const blocks: number[] = [];
  for (let b = 0; b < STEP_BLOCKS; b++) {
    const start = performance.now();
    for (let i = 0; i < STEPS_PER_BLOCK; i++) await model.trainOnBatch(xs, ys);
    blocks.push((performance.now() - start) / STEPS_PER_BLOCK);
  }
  tf.dispose([xs, ys]);
  model.dispose();
  return median(blocks);
}

async function callbackMs(optimizer: tf.Optimizer, spec: object, cycleMomentum: boolean) {
  const model = mlp(optimizer);
  const scheduler = learningRateScheduler(spec as never, { model, cycleMomentum });
  await scheduler.onTrainBegin();
  await scheduler.onEpochBegin(0);
  const tensorsBefore = tf.memory().numTensors;
  const blocks: number[] = [];
  for (let b = 0; b < CALLBACK_BLOCKS; b++) {
    const start = performance.now();
    for (let i = 0; i < CALLS_PER_BLOCK; i++) {
      const logs: tf.Logs = { batch: i, size: BATCH };
      await scheduler.onBatchBegin(i, logs);
      await scheduler.onBatchEnd(i, logs);
    }
    blocks.push((performance.now() - start) / CALLS_PER_BLOCK);
  }
  if (tf.memory().numTensors !== tensorsBefore) throw new Error('tensor leak in the callback');
  model.dispose();
  return median(blocks);
}

async function fitMs(withScheduler: boolean): Promise<number> {
  const model = mlp(tf.train.momentum(0.01, 0.9));
  const xs = tf.randomNormal([BATCH * FIT_BATCHES, 784], 0, 1, 'float32', 3);
  const ys = tf.oneHot(
    tf.randomUniform([BATCH * FIT_BATCHES], 0, 10, 'int32', 4) as tf.Tensor1D,
    10,
  );
  const callbacks = withScheduler ? [learningRateScheduler(SPEC, { model })] : [];
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, verbose: 0, callbacks }); // warm up
  const start = performance.now();
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 2, verbose: 0, callbacks });
  const ms = (performance.now() - start) / (2 * FIT_BATCHES);
  tf.dispose([xs, ys]);
  model.dispose();
  return ms;
}

await tf.setBackend('wasm');
await tf.ready();

const step = await stepMs();
const callbacks = {
  'momentum (lr + momentum)': await callbackMs(tf.train.momentum(0.01, 0.9), SPEC, true),
  'sgd (lr)': await callbackMs(tf.train.sgd(0.01), SPEC, false),
  'adam (lr + beta1)': await callbackMs(tf.train.adam(0.01), SPEC, true),
};
const fitWith: number[] = [];
const fitWithout: number[] = [];
for (let r = 0; r < FIT_REPEATS; r++) {
  fitWithout.push(await fitMs(false));
  fitWith.push(await fitMs(true));
}

const fmt = (ms: number) => ms.toFixed(4);
console.log(`backend: ${tf.getBackend()}, node ${process.version}, ${new Date().toISOString()}`);
console.log(`MLP 784-256-10 batch ${BATCH}, trainOnBatch: median ${fmt(step)} ms/step`);
for (const [name, ms] of Object.entries(callbacks)) {
  console.log(
    `callback ${name}: median ${fmt(ms)} ms/batch = ${((100 * ms) / step).toFixed(3)}% of a step`,
  );
}
console.log(
  `model.fit ms/batch, median of ${FIT_REPEATS}: without ${fmt(median(fitWithout))}, with ${fmt(median(fitWith))} (${(
    (100 * (median(fitWith) - median(fitWithout))) / median(fitWithout)
  ).toFixed(2)}%)`,
);
