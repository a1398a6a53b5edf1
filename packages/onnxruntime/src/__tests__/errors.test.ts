import { describe, expect, it } from 'vitest';
import { encodeModel } from '../graph/encode.js';
import { GraphError, loadForwardModel, NonFiniteLossError, OnnxTrainer } from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';

const train = fashion('train');

describe('errors', () => {
  it('rejects wrong batch shapes, dtypes, lengths and labels, naming what was expected', async () => {
    const trainer = await mlpTrainer({ batchSize: 8 });
    const b = batchOf(train, 0, 8);
    await expect(trainer.step(new Float32Array(10), b.labels)).rejects.toThrow(
      'OnnxTrainer.step: expected inputs to have labels.length x 784 = 6272 values (8 rows of [784]), got 10',
    );
    await expect(trainer.step(Float64Array.from(b.inputs) as never, b.labels)).rejects.toThrow(
      'OnnxTrainer.step: expected inputs to be a Float32Array (the model input is float32), got Float64Array',
    );
    await expect(trainer.step(b.inputs, [1, 2] as never)).rejects.toThrow(
      'expected labels to be an Int32Array, Uint8Array or BigInt64Array, got Array',
    );
    await expect(
      trainer.step(
        b.inputs,
        Int32Array.from(b.labels, (v, i) => (i === 3 ? 10 : v)),
      ),
    ).rejects.toThrow(
      'OnnxTrainer.step: expected labels[3] to be a class index in [0, 10), got 10',
    );
    const four = batchOf(train, 0, 4);
    await expect(trainer.step(four.inputs, four.labels)).rejects.toThrow(
      'expected a batch of batchSize = 8 rows, got 4',
    );
    await expect(
      trainer.restore({ globalStep: 1, params: {}, optimizerState: {} }),
    ).rejects.toThrow(
      "OnnxTrainer.restore: expected params['dense0.weight'] to be a Float32Array of 25088 values, got undefined",
    );
    expect(trainer.globalStep).toBe(0);
    await trainer.release();
    await expect(trainer.step(b.inputs, b.labels)).rejects.toThrow(
      'OnnxTrainer.step: the trainer was released',
    );
  });

  it('rejects bad options', async () => {
    await expect(mlpTrainer({ optimizer: { type: 'rmsprop' } as never })).rejects.toThrow(
      `OnnxTrainer.create: expected optimizer.type to be 'sgd', 'adam' or 'adamw', got "rmsprop"`,
    );
    await expect(mlpTrainer({ optimizer: { type: 'sgd', momentum: -1 } })).rejects.toThrow(
      'sgd: expected momentum to be a number >= 0, got -1',
    );
    await expect(mlpTrainer({ batchSize: 0 })).rejects.toThrow(
      'expected batchSize to be a positive integer, got 0',
    );
    await expect(mlpTrainer({ schedule: { policy: 'nope' } })).rejects.toThrow(
      'unknown policy "nope"',
    );
  });

  it('stops on a NaN loss, says at which step, never applies that update, and can restore the last good parameters', async () => {
    const b = batchOf(train, 0, 8);
    const bad = Float32Array.from(b.inputs);
    bad[5] = Number.NaN;
    for (const restore of [false, true]) {
      const trainer = await mlpTrainer({ restoreOnNonFiniteLoss: restore });
      await trainer.step(b.inputs, b.labels);
      const beforeGood = await trainer.snapshot();
      await trainer.step(b.inputs, b.labels);
      const atStep2 = trainer.parameters();
      const error = await trainer.step(bad, b.labels).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NonFiniteLossError);
      expect((error as NonFiniteLossError).step).toBe(2);
      expect((error as Error).message).toContain('loss is NaN at step 2');
      if (restore) {
        expect(trainer.globalStep).toBe(1);
        expect(trainer.parameters()).toEqual(beforeGood.params);
        expect((error as Error).message).toContain('parameters restored to those before step 1');
      } else {
        expect(trainer.globalStep).toBe(2);
        expect(trainer.parameters()).toEqual(atStep2);
      }
      await trainer.release();
    }
  });

  it('lists every unsupported op with its nodes in one error, before shape inference', () => {
    const bytes = encodeModel({
      name: 'g',
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 4] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 4] }],
      nodes: [
        { opType: 'LeakyRelu', name: 'act1', inputs: ['x'], outputs: ['h1'] },
        { opType: 'Foo', name: 'a', inputs: ['h1'], outputs: ['h2'] },
        // Its shape inference would fail first (no such input): the listing comes before.
        { opType: 'Relu', name: 'r', inputs: ['missing'], outputs: ['h3'] },
        { opType: 'LeakyRelu', name: 'act2', inputs: ['h2'], outputs: ['y'] },
      ],
      initializers: [],
    });
    expect(() => loadForwardModel(bytes)).toThrow(GraphError);
    expect(() => loadForwardModel(bytes)).toThrow(
      "loadForwardModel: unsupported ops: LeakyRelu (node 'act1', 'act2'), Foo (node 'a'); supported: Add, AveragePool,",
    );
  });

  it('rejects graphs without the expected inputs or outputs', async () => {
    const onlyInitializers = encodeModel({
      name: 'g',
      inputs: [],
      outputs: [{ name: 'w', dtype: 'float32', shape: [1] }],
      nodes: [],
      initializers: [{ name: 'w', dtype: 'float32', dims: [1], data: new Float32Array(1) }],
    });
    expect(() => loadForwardModel(onlyInitializers)).toThrow(
      'expected a graph input for the batch',
    );
    await expect(
      OnnxTrainer.create({
        model: {
          input: { name: 'x', dtype: 'float32', shape: ['batch', 4] },
          output: 'logits',
          nodes: [{ opType: 'Relu', name: 'r', inputs: ['missing'], outputs: ['logits'] }],
          params: [],
          constants: [],
        },
        optimizer: { type: 'sgd' },
        schedule: { policy: 'constant', lr: 0.1 },
      }),
    ).rejects.toThrow(
      "Relu node 'r': input 'missing' is not produced by an earlier node, a graph input or a parameter",
    );
    expect(() => loadForwardModel(new Uint8Array([1, 2, 3]))).toThrow(
      'expected ONNX ModelProto bytes',
    );
  });
});

describe('overlapping steps', () => {
  it('throws instead of silently dropping an update', async () => {
    const trainer = await mlpTrainer();
    const b = batchOf(train, 0, 8);
    const first = trainer.step(b.inputs, b.labels);
    await expect(trainer.step(b.inputs, b.labels)).rejects.toThrow(
      'the previous step is still running',
    );
    await first;
    expect(trainer.globalStep).toBe(1);
    await trainer.release();
  });
});
