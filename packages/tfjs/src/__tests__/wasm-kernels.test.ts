import { fromSpec } from '@cyclr/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  learningRateScheduler,
  registerWasmTrainingKernels,
  WASM_MISSING_TRAINING_KERNELS,
} from '../index.js';
import { useBackend } from './backends.js';

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const X = seq(4 * 6 * 6 * 2, (i) => Math.sin(i * 0.37));
const K1 = seq(3 * 3 * 2 * 4, (i) => Math.cos(i * 0.53) * 0.3);
const K2 = seq(3 * 3 * 4 * 2, (i) => Math.sin(i * 0.71) * 0.3);
const W = seq(2 * 2 * 8 * 3, (i) => Math.cos(i * 0.29) * 0.2);
const T = seq(4 * 3, (i) => (i % 3 === 0 ? 1 : 0));

/** Gradients of a conv -> depthwise conv -> dense loss, on the current backend. */
function convGradients(): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(X, [4, 6, 6, 2]);
    const target = tf.tensor2d(T, [4, 3]);
    const loss = (k1: tf.Tensor, k2: tf.Tensor, w: tf.Tensor) => {
      const h1 = tf.relu(tf.conv2d(x, k1 as tf.Tensor4D, 1, 'valid'));
      const h2 = tf.relu(tf.depthwiseConv2d(h1, k2 as tf.Tensor4D, 1, 'valid'));
      const logits = tf.matMul(tf.reshape(h2, [4, -1]), w as tf.Tensor2D);
      return tf.losses.softmaxCrossEntropy(target, logits);
    };
    const grads = tf.grads(loss)([
      tf.tensor4d(K1, [3, 3, 2, 4]),
      tf.tensor4d(K2, [3, 3, 4, 2]),
      tf.tensor2d(W, [32, 3]),
    ]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

describe('registerWasmTrainingKernels', () => {
  it('makes conv and depthwise conv gradients on wasm match cpu', async () => {
    await useBackend('cpu');
    const cpu = convGradients();
    await useBackend('wasm');
    for (const name of WASM_MISSING_TRAINING_KERNELS) {
      expect(tf.getKernel(name, 'wasm'), `${name} is missing upstream`).toBeUndefined();
    }
    expect(() => convGradients()).toThrow();
    expect(registerWasmTrainingKernels()).toEqual([...WASM_MISSING_TRAINING_KERNELS]);
    expect(registerWasmTrainingKernels()).toEqual([]); // idempotent
    // The delegated kernels write and free cpu-backend data directly, which numTensors does not
    // count: check both backends' data ids too.
    const dataIds = () =>
      ['cpu', 'wasm'].map((name) => (tf.findBackend(name) as tf.KernelBackend).numDataIds());
    const before = tf.memory().numTensors;
    const dataIdsBefore = dataIds();
    const wasm = convGradients();
    expect(tf.memory().numTensors).toBe(before);
    expect(dataIds()).toEqual(dataIdsBefore);
    wasm.forEach((grad, i) => {
      const reference = cpu[i] as Float32Array;
      const scale = Math.max(...reference.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      grad.forEach((value, k) => {
        expect(Math.abs(value - (reference[k] as number))).toBeLessThanOrEqual(1e-5 * scale);
      });
    });
  });

  it('lets a conv net train on wasm with a scheduled rate', async () => {
    await useBackend('wasm');
    registerWasmTrainingKernels();
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, activation: 'relu' }),
        tf.layers.depthwiseConv2d({ kernelSize: 3, activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'categoricalCrossentropy' });
    const xs = tf.tensor4d(X, [4, 6, 6, 2]);
    const ys = tf.tensor2d(T, [4, 3]);
    const spec = { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 5 };
    const history = await model.fit(xs, ys, {
      epochs: 20,
      batchSize: 4,
      verbose: 0,
      callbacks: learningRateScheduler(spec, { model }),
    });
    const loss = history.history.loss as number[];
    expect(loss.at(-1)).toBeLessThan((loss[0] as number) * 0.5);
    expect(history.history.lr).toEqual(Array.from({ length: 20 }, (_, e) => fromSpec(spec).lr(e)));
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('rejects an empty backend name', () => {
    expect(() => registerWasmTrainingKernels({ backendName: '' })).toThrow(
      'registerWasmTrainingKernels: expected backendName to be a backend name, got ',
    );
  });
});
