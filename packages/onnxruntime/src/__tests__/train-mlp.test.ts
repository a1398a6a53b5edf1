// End-to-end: train for real on the committed Fashion-MNIST slice.
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../graph/encode.js';
import { buildGradientGraph, gradName, LABELS } from '../graph/train-graph.js';
import type { OnnxTrainer } from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';

const train = fashion('train');
const test = fashion('test');
const BATCH = 64;

/** Gradients at the trainer's current parameters, from the gradient graph (no update). */
async function gradientsAt(trainer: OnnxTrainer, inputs: Float32Array, labels: Uint8Array) {
  const { graph } = buildGradientGraph(trainer.forwardGraph);
  const session = await InferenceSession.create(encodeModel(graph), { logSeverityLevel: 3 });
  const params = trainer.parameters();
  const feeds: Record<string, Tensor> = {
    input: new Tensor('float32', inputs, [labels.length, 784]),
    [LABELS]: new Tensor(
      'int64',
      BigInt64Array.from(labels, (v) => BigInt(v)),
      [labels.length],
    ),
  };
  for (const p of trainer.forwardGraph.params)
    feeds[p.name] = new Tensor('float32', params[p.name] as Float32Array, p.dims);
  const out = await session.run(feeds);
  await session.release();
  const grads: Record<string, Float32Array> = {};
  for (const p of trainer.forwardGraph.params)
    grads[p.name] = out[gradName(p.name)]?.data as Float32Array;
  return grads;
}

function expectUpdate(
  before: Record<string, Float32Array>,
  after: Record<string, Float32Array>,
  grads: Record<string, Float32Array>,
  lr: number,
) {
  for (const [name, g] of Object.entries(grads)) {
    const p0 = before[name] as Float32Array;
    const p1 = after[name] as Float32Array;
    let worst = 0;
    for (let i = 0; i < g.length; i++) {
      const expected = -lr * (g[i] as number);
      // float32: the update is rounded at the parameter's magnitude.
      worst = Math.max(
        worst,
        Math.abs((p1[i] as number) - (p0[i] as number) - expected) /
          (Math.abs(p0[i] as number) * 2 ** -22 + 1e-9),
      );
    }
    expect(worst, name).toBeLessThan(2);
  }
}

describe('training an MLP on Fashion-MNIST', () => {
  it('the loss falls and accuracy rises over 4 epochs', async () => {
    const trainer = await mlpTrainer({ batchSize: BATCH });
    const before = await trainer.evaluate(test.inputs, test.labels);
    const epochLosses: number[] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      let sum = 0;
      for (let start = 0; start < train.rows; start += BATCH) {
        const b = batchOf(train, start, BATCH);
        sum += await trainer.step(b.inputs, b.labels);
      }
      epochLosses.push(sum / (train.rows / BATCH));
    }
    const after = await trainer.evaluate(test.inputs, test.labels);
    expect(trainer.globalStep).toBe(4 * (train.rows / BATCH));
    expect(epochLosses[3]).toBeLessThan((epochLosses[0] as number) * 0.7);
    expect(after.loss).toBeLessThan(before.loss);
    expect(after.accuracy).toBeGreaterThan(0.6);
    await trainer.release();
  });

  it('the update is -lr x gradient, at the lr the schedule gives each step', async () => {
    // triangular: lr(0) = 0.01, lr(1) = 0.055; momentum 0 so each update is the gradient's alone.
    const trainer = await mlpTrainer({
      optimizer: { type: 'sgd', momentum: 0 },
      schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 2 },
    });
    for (const [step, lr] of [
      [0, 0.01],
      [1, 0.055],
    ] as const) {
      const b = batchOf(train, step * BATCH, BATCH);
      expect(trainer.hyperParameters().learningRate).toBeCloseTo(lr, 12);
      const grads = await gradientsAt(trainer, b.inputs, b.labels);
      const before = trainer.parameters();
      await trainer.step(b.inputs, b.labels);
      expectUpdate(before, trainer.parameters(), grads, lr);
    }
    await trainer.release();
  });

  it('the first momentum step is -lr x gradient for two fed lrs, so the update scales with lr', async () => {
    const trainer = await mlpTrainer({ optimizer: { type: 'sgd', momentum: 0.9 } });
    const b = batchOf(train, 0, BATCH);
    const grads = await gradientsAt(trainer, b.inputs, b.labels);
    const start = await trainer.snapshot();
    for (const lr of [0.2, 0.002]) {
      await trainer.restore(start);
      await trainer.stepWith(b.inputs, b.labels, { learningRate: lr, momentum: 0.9 });
      expectUpdate(start.params, trainer.parameters(), grads, lr);
    }
    await trainer.release();
  });

  it('snapshot/restore is exact: same losses and bit-identical parameters after replay', async () => {
    const trainer = await mlpTrainer({
      optimizer: { type: 'adam' },
      schedule: {
        policy: 'triangular',
        baseLr: 1e-3,
        maxLr: 1e-2,
        stepSize: 3,
        baseMomentum: 0.85,
        maxMomentum: 0.95,
      },
    });
    const batches = [0, 1, 2, 3, 4].map((i) => batchOf(train, i * BATCH, BATCH));
    for (const b of batches.slice(0, 2)) await trainer.step(b.inputs, b.labels);
    const state = await trainer.snapshot();
    const first: number[] = [];
    for (const b of batches.slice(2)) first.push(await trainer.step(b.inputs, b.labels));
    const end = trainer.parameters();
    await trainer.restore(state);
    expect(trainer.globalStep).toBe(2);
    const second: number[] = [];
    for (const b of batches.slice(2)) second.push(await trainer.step(b.inputs, b.labels));
    expect(second).toEqual(first);
    expect(trainer.parameters()).toEqual(end);
    await trainer.release();
  });

  it('is deterministic given a seed (weights and dropout masks)', async () => {
    const { dense, dropout, relu, sequential } = await import('../index.js');
    const model = sequential({
      inputShape: [784],
      layers: [dense(16), relu(), dropout(0.3), dense(10)],
    });
    const run = async (seed: number) => {
      const trainer = await mlpTrainer({ model, seed });
      const losses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const b = batchOf(train, i * BATCH, BATCH);
        losses.push(await trainer.step(b.inputs, b.labels));
      }
      const params = trainer.parameters();
      await trainer.release();
      return { losses, params };
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect((await run(8)).losses).not.toEqual(a.losses);
  });

  it('evaluate gives the same result in any chunk size, and matches the exported inference model', async () => {
    const trainer = await mlpTrainer();
    for (let i = 0; i < 4; i++) {
      const b = batchOf(train, i * BATCH, BATCH);
      await trainer.step(b.inputs, b.labels);
    }
    const whole = await trainer.evaluate(test.inputs, test.labels);
    const chunked = await trainer.evaluate(test.inputs, test.labels, { batchSize: 100 });
    expect(chunked.accuracy).toBe(whole.accuracy);
    expect(chunked.loss).toBeCloseTo(whole.loss, 5);

    const session = await InferenceSession.create(await trainer.exportInferenceModel());
    expect(session.inputNames).toEqual(['input']);
    expect(session.outputNames).toEqual(['logits']);
    const out = await session.run({ input: new Tensor('float32', test.inputs, [test.rows, 784]) });
    const logits = out.logits?.data as Float32Array;
    let correct = 0;
    for (let r = 0; r < test.rows; r++) {
      const row = Array.from(logits.subarray(r * 10, r * 10 + 10));
      if (row.indexOf(Math.max(...row)) === test.labels[r]) correct++;
    }
    expect(correct / test.rows).toBe(whole.accuracy);
    await session.release();
    await trainer.release();
  });
});
