// BatchNormalization end to end: running statistics as trainer state (PyTorch's update rule),
// evaluation and export on the running statistics, snapshot/restore of the buffers.
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  batchNorm,
  buildTrainingGraphs,
  dense,
  flatten,
  OnnxTrainer,
  sequential,
  type TrainerState,
} from '../index.js';
import { seededRandom } from '../init/prng.js';
import { batchNormTraining } from './helpers/reference.js';

const CHANNELS = 2;
const HW = 3;
const ROWS = 4;
const MOMENTUM = 0.3;

// BatchNormalization first: its input is the data, so the running statistics after N steps do
// not depend on the parameters and follow from the batches alone.
const model = sequential({
  inputShape: [CHANNELS, HW, HW],
  layers: [batchNorm({ momentum: MOMENTUM }), flatten(), dense(3)],
});

function batches(count: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, k) => ({
    // Per-channel offsets and scales, so the statistics move visibly away from 0 and 1.
    inputs: Float32Array.from(
      { length: ROWS * CHANNELS * HW * HW },
      (_v, i) => (random() * 2 - 1) * (1 + (Math.floor(i / (HW * HW)) % CHANNELS)) + k * 0.5,
    ),
    labels: Int32Array.from({ length: ROWS }, (_v, i) => (i + k) % 3),
  }));
}

const trainers: OnnxTrainer[] = [];
async function create(): Promise<OnnxTrainer> {
  const trainer = await OnnxTrainer.create({
    model,
    optimizer: { type: 'sgd', momentum: 0.9 },
    schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 2 },
    seed: 4,
  });
  trainers.push(trainer);
  return trainer;
}
afterEach(async () => {
  await Promise.all(trainers.splice(0).map((t) => t.release()));
});

describe('BatchNormalization in training', () => {
  it('makes the running statistics train-step inputs and outputs, not parameters', () => {
    const graphs = buildTrainingGraphs(model.build(0), { type: 'sgd', momentum: 0.9 });
    const inputs = graphs.trainStep.inputs.map((i) => i.name);
    const outputs = graphs.trainStep.outputs.map((o) => o.name);
    expect(graphs.params.map((p) => p.name)).not.toContain('batchNorm0.running_mean');
    expect(graphs.buffers.map((b) => b.name)).toEqual([
      'batchNorm0.running_mean',
      'batchNorm0.running_var',
    ]);
    expect(inputs).toContain('batchNorm0.running_var');
    expect(outputs).toContain('batchNorm0.running_var.next');
    expect(inputs).not.toContain('batchNorm0.running_var.velocity');
    expect(graphs.evaluation.inputs.map((i) => i.name)).toContain('batchNorm0.running_mean');
  });

  it("updates the running statistics with PyTorch's rule (unbiased variance), step after step", async () => {
    const trainer = await create();
    const data = batches(5, 1);
    // Float64 hand computation: running = (1 - m) * running + m * stat, var unbiased.
    const mean = new Float64Array(CHANNELS);
    const variance = new Float64Array(CHANNELS).fill(1);
    const ones = { shape: [CHANNELS], data: new Float64Array(CHANNELS).fill(1) };
    const zeros = { shape: [CHANNELS], data: new Float64Array(CHANNELS) };
    for (const batch of data) {
      await trainer.step(batch.inputs, batch.labels);
      const x = { shape: [ROWS, CHANNELS, HW, HW], data: Float64Array.from(batch.inputs) };
      const stats = batchNormTraining(x, ones, zeros, 1e-5);
      for (let c = 0; c < CHANNELS; c++) {
        const unbiased = ((stats.variance[c] as number) * stats.count) / (stats.count - 1);
        mean[c] = (1 - MOMENTUM) * (mean[c] as number) + MOMENTUM * (stats.mean[c] as number);
        variance[c] = (1 - MOMENTUM) * (variance[c] as number) + MOMENTUM * unbiased;
      }
    }
    const buffers = trainer.buffers();
    const runningMean = buffers['batchNorm0.running_mean'] as Float32Array;
    const runningVar = buffers['batchNorm0.running_var'] as Float32Array;
    for (let c = 0; c < CHANNELS; c++) {
      expect(runningMean[c]).toBeCloseTo(mean[c] as number, 5);
      expect(runningVar[c]).toBeCloseTo(variance[c] as number, 5);
    }
    // The statistics moved: this is not the initial state holding by construction.
    expect(Math.abs((runningMean[1] as number) - 0)).toBeGreaterThan(0.1);
  });

  it('evaluates and exports with the running statistics, as model.eval() does', async () => {
    const trainer = await create();
    const data = batches(4, 2);
    for (const batch of data) await trainer.step(batch.inputs, batch.labels);
    const probe = batches(1, 3)[0] as (typeof data)[0];

    // Float64 inference-mode forward from the trained parameters and running statistics.
    const params = trainer.parameters();
    const buffers = trainer.buffers();
    const weight = params['batchNorm0.weight'] as Float32Array;
    const bias = params['batchNorm0.bias'] as Float32Array;
    const mean = buffers['batchNorm0.running_mean'] as Float32Array;
    const variance = buffers['batchNorm0.running_var'] as Float32Array;
    const denseWeight = params['dense0.weight'] as Float32Array;
    const denseBias = params['dense0.bias'] as Float32Array;
    const features = CHANNELS * HW * HW;
    const expected = new Float64Array(ROWS * 3);
    let lossSum = 0;
    for (let r = 0; r < ROWS; r++) {
      const normalized = Array.from({ length: features }, (_v, f) => {
        const c = Math.floor(f / (HW * HW));
        const x = probe.inputs[r * features + f] as number;
        return (
          ((x - (mean[c] as number)) / Math.sqrt((variance[c] as number) + 1e-5)) *
            (weight[c] as number) +
          (bias[c] as number)
        );
      });
      for (let j = 0; j < 3; j++) {
        let s = denseBias[j] as number;
        for (let f = 0; f < features; f++)
          s += (normalized[f] as number) * (denseWeight[f * 3 + j] as number);
        expected[r * 3 + j] = s;
      }
      const row = Array.from(expected.subarray(r * 3, r * 3 + 3));
      const max = Math.max(...row);
      const logSum = Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0)) + max;
      lossSum += logSum - (row[probe.labels[r] as number] as number);
    }

    const session = await InferenceSession.create(await trainer.exportInferenceModel());
    const out = await session.run({
      input: new Tensor('float32', probe.inputs, [ROWS, CHANNELS, HW, HW]),
    });
    await session.release();
    const logits = out.logits?.data as Float32Array;
    for (let i = 0; i < expected.length; i++)
      expect(logits[i]).toBeCloseTo(expected[i] as number, 4);

    const evaluation = await trainer.evaluate(probe.inputs, probe.labels);
    expect(evaluation.loss).toBeCloseTo(lossSum / ROWS, 4);
    // Training mode (batch statistics) gives another loss on the same rows.
    const state = await trainer.snapshot();
    const trainLoss = await trainer.stepWith(probe.inputs, probe.labels, {
      learningRate: 0,
      momentum: 0,
    });
    await trainer.restore(state);
    expect(Math.abs(trainLoss - evaluation.loss)).toBeGreaterThan(1e-3);
  });

  it('snapshot/restore carries the running statistics: a bit-identical continuation', async () => {
    const trainer = await create();
    const data = batches(6, 5);
    for (const batch of data.slice(0, 3)) await trainer.step(batch.inputs, batch.labels);
    const state = await trainer.snapshot();
    expect(Object.keys(state.buffers ?? {})).toEqual([
      'batchNorm0.running_mean',
      'batchNorm0.running_var',
    ]);
    const run = async () => {
      const losses: number[] = [];
      for (const batch of data.slice(3))
        losses.push(await trainer.step(batch.inputs, batch.labels));
      return { losses, buffers: trainer.buffers(), params: trainer.parameters() };
    };
    const first = await run();
    await trainer.restore(state);
    const second = await run();
    expect(second.losses).toEqual(first.losses);
    expect(second.buffers).toEqual(first.buffers);
    expect(second.params).toEqual(first.params);

    const { buffers: _dropped, ...withoutBuffers } = state;
    await expect(trainer.restore(withoutBuffers as TrainerState)).rejects.toThrow(
      /expected buffers\['batchNorm0.running_mean'\] to be a Float32Array/,
    );
  });

  it('refuses running statistics given as parameters instead of buffers', () => {
    const graph = model.build(0);
    const asParams = {
      ...graph,
      params: [...graph.params, ...(graph.buffers ?? [])],
      buffers: [],
    };
    expect(() => buildTrainingGraphs(asParams, { type: 'sgd', momentum: 0.9 })).toThrow(
      "BatchNormalization node 'batchNorm0': expected input 3 'batchNorm0.running_mean' to be a buffer (ForwardGraph.buffers), the state it updates in training; got a parameter",
    );
  });

  it('refuses unknown batchNorm options with the nearest name', () => {
    expect(() => batchNorm({ momentun: 0.1 } as never)).toThrow(
      /batchNorm: unknown option "momentun" \(did you mean "momentum"\?\)/,
    );
    expect(() => batchNorm({ momentum: 1.5 })).toThrow(/expected momentum to be in \[0, 1\]/);
  });
});
