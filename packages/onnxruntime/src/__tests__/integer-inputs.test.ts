// Integer model inputs (token ids for an embedding): loaded from ONNX, fed as int64/int32,
// no gradient into them. The graph casts the ids to float and feeds a Gemm, so the ids reach
// the loss through real arithmetic without an embedding op.
import { afterEach, describe, expect, it } from 'vitest';
import type { DataType, ForwardGraph } from '../graph/types.js';
import { encodeModel, inferenceGraph, loadForwardModel, OnnxTrainer } from '../index.js';

function idsModel(dtype: DataType): ForwardGraph {
  return {
    input: { name: 'ids', dtype, shape: ['batch', 4] },
    output: 'logits',
    nodes: [
      {
        opType: 'Cast',
        name: 'cast',
        inputs: ['ids'],
        outputs: ['x'],
        attributes: { to: { i: 1 } },
      },
      { opType: 'Gemm', name: 'fc', inputs: ['x', 'fc.weight', 'fc.bias'], outputs: ['logits'] },
    ],
    params: [
      {
        name: 'fc.weight',
        dims: [4, 3],
        data: Float32Array.from({ length: 12 }, (_v, i) => (i - 6) / 20),
      },
      { name: 'fc.bias', dims: [3], data: new Float32Array(3) },
    ],
    constants: [],
  };
}

const trainers: OnnxTrainer[] = [];
async function create(model: ForwardGraph | Uint8Array) {
  const trainer = await OnnxTrainer.create({
    model,
    optimizer: { type: 'sgd', momentum: 0 },
    schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 2 },
  });
  trainers.push(trainer);
  return trainer;
}
afterEach(async () => {
  await Promise.all(trainers.splice(0).map((t) => t.release()));
});

const ids = [1, 0, 3, 2, 0, 2, 1, 1, 3, 3, 0, 1];
const labels = Int32Array.from([0, 2, 1]);

describe('integer model inputs', () => {
  it('loads an int64 input from ONNX and trains on Int32Array, BigInt64Array and number[] alike', async () => {
    const bytes = encodeModel(inferenceGraph(idsModel('int64'), idsModel('int64').params));
    const loaded = loadForwardModel(bytes);
    expect(loaded.input).toEqual({ name: 'ids', dtype: 'int64', shape: ['batch', 4] });
    const losses: number[][] = [];
    for (const batch of [Int32Array.from(ids), BigInt64Array.from(ids, BigInt), ids]) {
      const trainer = await create(bytes);
      const run: number[] = [];
      for (let k = 0; k < 3; k++) run.push(await trainer.step(batch, labels));
      losses.push(run);
      const evaluation = await trainer.evaluate(batch, labels, { batchSize: 2 });
      expect(Number.isFinite(evaluation.loss)).toBe(true);
    }
    expect(losses[1]).toEqual(losses[0]);
    expect(losses[2]).toEqual(losses[0]);
    // It learned: the ids reached the loss through the Cast.
    expect((losses[0]?.[2] as number) < (losses[0]?.[0] as number)).toBe(true);
  });

  it('feeds an int32 model input as int32', async () => {
    const trainer = await create(idsModel('int32'));
    expect(Number.isFinite(await trainer.step(ids, labels))).toBe(true);
  });

  it('refuses wrong input types, naming what the model takes', async () => {
    const trainer = await create(idsModel('int64'));
    await expect(trainer.step(Float32Array.from(ids), labels)).rejects.toThrow(
      'OnnxTrainer.step: expected inputs to be an Int32Array, BigInt64Array or number[] of integer ids (the model input is int64), got Float32Array',
    );
    await expect(trainer.step([...ids.slice(0, 11), 0.5], labels)).rejects.toThrow(
      'OnnxTrainer.step: expected inputs[11] to be an integer id (int64), got 0.5',
    );
    const floatModel = await create({
      ...idsModel('float32'),
      nodes: [
        {
          opType: 'Gemm',
          name: 'fc',
          inputs: ['ids', 'fc.weight', 'fc.bias'],
          outputs: ['logits'],
        },
      ],
    });
    await expect(floatModel.step(Int32Array.from(ids), labels)).rejects.toThrow(
      'expected inputs to be a Float32Array (the model input is float32), got Int32Array',
    );
  });
});
