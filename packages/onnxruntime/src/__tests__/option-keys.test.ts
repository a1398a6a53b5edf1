// Misspelt or unsupported option keys are refused everywhere, naming the key and the nearest
// valid one, instead of being silently ignored.

import { describe, expect, it } from 'vitest';
import {
  avgPool2d,
  conv2d,
  dense,
  maxPool2d,
  OnnxTrainer,
  type OnnxTrainerOptions,
  type OptimizerOptions,
  relu,
  sequential,
} from '../index.js';

const model = () => sequential({ inputShape: [4], layers: [dense(3), relu(), dense(2)] });
const schedule = { policy: 'constant', lr: 0.1 } as const;

function create(options: Record<string, unknown>) {
  return OnnxTrainer.create({
    model: model(),
    optimizer: { type: 'sgd' },
    schedule,
    ...options,
  } as unknown as OnnxTrainerOptions);
}

describe('unknown option keys', () => {
  it('trainer options', async () => {
    await expect(create({ restoreOnNonFinite: true })).rejects.toThrow(
      'OnnxTrainer.create: unknown option "restoreOnNonFinite" (did you mean "restoreOnNonFiniteLoss"?); expected one of model, optimizer, loss, schedule, batchSize, seed, sessionOptions, hyperParameters, plateau, restoreOnNonFiniteLoss, freeze, gradientAccumulationSteps, runtime',
    );
    await expect(create({ freze: 'dense0.*' })).rejects.toThrow('(did you mean "freeze"?)');
    await expect(create({ batch_size: 8 })).rejects.toThrow('(did you mean "batchSize"?)');
    // Keras 3's and HF Accelerate's name, camelCased: the short forms point to it.
    await expect(create({ gradientAccumulation: 4 })).rejects.toThrow(
      '(did you mean "gradientAccumulationSteps"?)',
    );
    await expect(create({ runtim: {} })).rejects.toThrow('(did you mean "runtime"?)');
    // A runtime that is not an onnxruntime package fails before any graph is built.
    await expect(create({ runtime: { Tensor: class {} } })).rejects.toThrow(
      "OnnxTrainer.create: expected runtime to be an onnxruntime package ({ InferenceSession, Tensor }, e.g. import * as ort from 'onnxruntime-web'), got",
    );
  });

  it('optimizer options, per optimizer type', async () => {
    const optimizer = (o: Record<string, unknown>) =>
      create({ optimizer: o as unknown as OptimizerOptions });
    await expect(optimizer({ type: 'sgd', momentun: 0.9 })).rejects.toThrow(
      'OnnxTrainer.create: unknown option "momentun" in optimizer (did you mean "momentum"?); expected one of type, momentum, nesterov, weightDecay, clipNorm, weightDecayFilter, paramGroups',
    );
    await expect(optimizer({ type: 'adam', weight_decay: 0.1 })).rejects.toThrow(
      'unknown option "weight_decay" in optimizer (did you mean "weightDecay"?)',
    );
    // Adam has no momentum: the nearest of its own keys is suggested.
    await expect(optimizer({ type: 'adamw', betas: [0.9, 0.99] })).rejects.toThrow(
      'unknown option "betas" in optimizer (did you mean "beta1"?)',
    );
    // Keras's and optax's names for the same controls point at ours.
    await expect(optimizer({ type: 'adam', clipnorm: 1 })).rejects.toThrow(
      /unknown option "clipnorm" in optimizer \(did you mean "clipNorm"\?\); expected one of type, beta1, beta2, epsilon, weightDecay, clipNorm, weightDecayFilter, paramGroups/,
    );
    await expect(optimizer({ type: 'sgd', paramGroup: [] })).rejects.toThrow(
      '(did you mean "paramGroups"?)',
    );
    await expect(
      optimizer({ type: 'sgd', paramGroups: [{ params: 'dense0.*', lr_multiplier: 0.1 }] }),
    ).rejects.toThrow(
      'unknown option "lr_multiplier" in optimizer.paramGroups[0] (did you mean "lrMultiplier"?)',
    );
  });

  it('loss names and loss options', async () => {
    await expect(create({ loss: 'mean_squared_error' })).rejects.toThrow(
      'OnnxTrainer.create: expected loss to be one of softmaxCrossEntropy, mse, binaryCrossEntropyWithLogits, got "mean_squared_error"',
    );
    await expect(create({ loss: 'binaryCrossEntropy' })).rejects.toThrow(
      '(did you mean "binaryCrossEntropyWithLogits"?)',
    );
    await expect(
      create({ loss: { type: 'softmaxCrossEntropy', label_smoothing: 0.1 } }),
    ).rejects.toThrow(
      'OnnxTrainer.create: unknown option "label_smoothing" in loss (did you mean "labelSmoothing"?); expected one of type, labelSmoothing',
    );
    await expect(create({ loss: { type: 'mse', labelSmoothing: 0.1 } })).rejects.toThrow(
      'unknown option "labelSmoothing" in loss; expected one of type',
    );
    await expect(create({ loss: { type: 'sce' } })).rejects.toThrow(
      'expected loss.type to be one of softmaxCrossEntropy, mse, binaryCrossEntropyWithLogits, got "sce"',
    );
    await expect(
      create({ loss: { type: 'softmaxCrossEntropy', labelSmoothing: 1.5 } }),
    ).rejects.toThrow(
      'OnnxTrainer.create: expected loss.labelSmoothing to be a number in [0, 1], got 1.5',
    );
  });

  it('evaluate options', async () => {
    const trainer = await create({});
    await expect(
      trainer.evaluate(new Float32Array(4), new Int32Array(1), {
        batchsize: 1,
      } as unknown as { batchSize: number }),
    ).rejects.toThrow(
      'OnnxTrainer.evaluate: unknown option "batchsize" (did you mean "batchSize"?)',
    );
    await trainer.release();
  });

  it('load overrides, and the hyperParameters schedules among them', async () => {
    // Keys are checked before the file is read: the path need not exist.
    await expect(
      OnnxTrainer.load('absent.safetensors', { hyperparameters: {} } as never),
    ).rejects.toThrow(
      'OnnxTrainer.load: unknown option "hyperparameters" in overrides (did you mean "hyperParameters"?); expected one of schedule, hyperParameters, sessionOptions, batchSize, restoreOnNonFiniteLoss, runtime',
    );
  });

  it('layer and sequential options', () => {
    const bad = (o: Record<string, unknown>) => o as never;
    expect(() => dense(3, bad({ use_bias: false }))).toThrow(
      'dense: unknown option "use_bias" (did you mean "useBias"?)',
    );
    expect(() => conv2d(3, bad({ kernelsize: 3 }))).toThrow(
      'conv2d: unknown option "kernelsize" (did you mean "kernelSize"?)',
    );
    expect(() => maxPool2d(bad({ poolsize: 2 }))).toThrow(
      'maxPool2d: unknown option "poolsize" (did you mean "poolSize"?)',
    );
    expect(() => avgPool2d(bad({ stride: 2 }))).toThrow(
      'avgPool2d: unknown option "stride" (did you mean "strides"?)',
    );
    expect(() => sequential(bad({ inputShape: [4], layers: [dense(2)], inputname: 'x' }))).toThrow(
      'sequential: unknown option "inputname" (did you mean "inputName"?)',
    );
  });
});
