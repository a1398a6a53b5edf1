// A user's forward ONNX model (here: one exported by the trainer, plus a hand-written graph
// with Constant nodes and MatMul+Add) trains like a layers model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../graph/encode.js';
import { loadForwardModel, OnnxTrainer } from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';

const train = fashion('train');

describe('training a forward ONNX model', () => {
  it('round-trips: export an inference model, load it as a forward graph, keep training', async () => {
    const trainer = await mlpTrainer();
    const b = batchOf(train, 0, 64);
    for (let i = 0; i < 3; i++) await trainer.step(b.inputs, b.labels);
    const bytes = await trainer.exportInferenceModel();
    const loaded = loadForwardModel(bytes);
    expect(loaded.params.map((p) => p.name).sort()).toEqual([
      'dense0.bias',
      'dense0.weight',
      'dense1.bias',
      'dense1.weight',
    ]);
    const second = await OnnxTrainer.create({
      model: bytes,
      optimizer: { type: 'sgd' },
      schedule: { policy: 'constant', lr: 0.05 },
    });
    expect(second.parameters()).toEqual(trainer.parameters());
    const before = await second.evaluate(b.inputs, b.labels);
    expect(before.loss).toBeCloseTo((await trainer.evaluate(b.inputs, b.labels)).loss, 6);
    for (let i = 0; i < 5; i++) await second.step(b.inputs, b.labels);
    expect((await second.evaluate(b.inputs, b.labels)).loss).toBeLessThan(before.loss);
    await Promise.all([trainer.release(), second.release()]);
  });

  it('trains a hand-written MatMul + Add graph with Constant and Reshape nodes', async () => {
    const w = Float32Array.from({ length: 784 * 10 }, (_, i) => Math.sin(i) * 0.01);
    const bytes = encodeModel({
      name: 'linear',
      inputs: [{ name: 'image', dtype: 'float32', shape: ['N', 1, 28, 28] }],
      outputs: [{ name: 'scores', dtype: 'float32', shape: ['N', 10] }],
      initializers: [
        { name: 'W', dtype: 'float32', dims: [784, 10], data: w },
        { name: 'b', dtype: 'float32', dims: [10], data: new Float32Array(10) },
      ],
      nodes: [
        {
          opType: 'Constant',
          name: 'shape',
          inputs: [],
          outputs: ['flat_shape'],
          attributes: {
            value: {
              t: { name: 'v', dtype: 'int64', dims: [2], data: BigInt64Array.from([-1n, 784n]) },
            },
          },
        },
        { opType: 'Reshape', name: 'flatten', inputs: ['image', 'flat_shape'], outputs: ['flat'] },
        { opType: 'MatMul', name: 'matmul', inputs: ['flat', 'W'], outputs: ['mm'] },
        { opType: 'Add', name: 'bias', inputs: ['mm', 'b'], outputs: ['scores'] },
      ],
    });
    const trainer = await OnnxTrainer.create({
      model: bytes,
      optimizer: { type: 'adam' },
      schedule: { policy: 'constant', lr: 1e-3 },
    });
    const b = batchOf(train, 0, 64);
    const first = await trainer.step(b.inputs, b.labels);
    let last = first;
    for (let i = 0; i < 10; i++) last = await trainer.step(b.inputs, b.labels);
    expect(last).toBeLessThan(first);
    await trainer.release();
  });
});

describe('a model exported by torch.onnx.export', () => {
  it('loads (Conv, Relu, MaxPool, Flatten, Gemm transB), predicts as exported, and trains', async () => {
    const bytes = new Uint8Array(
      readFileSync(join(import.meta.dirname, 'fixtures/torch-cnn-export.onnx')),
    );
    const forward = loadForwardModel(bytes);
    expect(forward.nodes.map((n) => n.opType)).toEqual([
      'Conv',
      'Relu',
      'MaxPool',
      'Flatten',
      'Gemm',
    ]);
    const trainer = await OnnxTrainer.create({
      model: bytes,
      optimizer: { type: 'sgd', momentum: 0.9 },
      schedule: { policy: 'constant', lr: 0.05 },
    });
    const b = batchOf(train, 0, 64);
    // Before training, the trainer's export predicts exactly what PyTorch's export does.
    const original = await InferenceSession.create(bytes);
    const exported = await InferenceSession.create(await trainer.exportInferenceModel());
    const image = new Tensor('float32', b.inputs, [64, 1, 28, 28]);
    const [a, c] = await Promise.all([original.run({ image }), exported.run({ image })]);
    expect(c.logits?.data).toEqual(a.logits?.data);
    const first = await trainer.step(b.inputs, b.labels);
    let last = first;
    for (let i = 0; i < 8; i++) last = await trainer.step(b.inputs, b.labels);
    expect(last).toBeLessThan(first * 0.7);
    await Promise.all([original.release(), exported.release(), trainer.release()]);
  });
});
