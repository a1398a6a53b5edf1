// The `loss` option around the trainer: target checks, what evaluate reports per loss, the
// plateau, the range-test protocol, checkpoints, reused target feeds, unchanged default graphs.
// (Agreement with PyTorch is torch-losses.test.ts.)

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { decodeSafetensors } from '../checkpoint/safetensors.js';
import { encodeModel } from '../graph/encode.js';
import {
  buildGradientGraph,
  buildTrainingGraphs,
  dense,
  type Evaluation,
  type LossOptions,
  OnnxTrainer,
  type OnnxTrainerOptions,
  type RegressionEvaluation,
  relu,
  sequential,
} from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'cyclr-losses-'));
const ROWS = 16;
const FEATURES = 4;
const OUTPUTS = 3;

/** Deterministic values in [0, 1) (a small LCG), so every run sees the same data. */
function uniform(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

const inputs = uniform(ROWS * FEATURES, 1);
const regressionTargets = uniform(ROWS * OUTPUTS, 2).map((v) => 2 * v - 1);
const multiLabelTargets = uniform(ROWS * OUTPUTS, 3).map((v) => (v > 0.5 ? 1 : 0));
const classLabels = Uint8Array.from(uniform(ROWS, 4), (v) => Math.floor(v * OUTPUTS));

function create<L extends LossOptions>(loss: L, options: Partial<OnnxTrainerOptions<L>> = {}) {
  return OnnxTrainer.create<L>({
    model: sequential({
      inputShape: [FEATURES],
      layers: [dense(8), relu(), dense(OUTPUTS)],
    }),
    optimizer: { type: 'sgd', momentum: 0.9 },
    schedule: { policy: 'constant', lr: 0.1 },
    seed: 1,
    loss,
    ...options,
  });
}

const labelsFor = (loss: LossOptions) => {
  const name = typeof loss === 'string' ? loss : loss.type;
  if (name === 'mse') return regressionTargets;
  if (name === 'binaryCrossEntropyWithLogits') return multiLabelTargets;
  return classLabels;
};

describe('loss option', () => {
  it('checks targets at step and evaluate: type, length, values', async () => {
    const mse = await create('mse');
    await expect(mse.step(inputs, classLabels as unknown as Float32Array)).rejects.toThrow(
      'OnnxTrainer.step: expected targets to be a Float32Array of rows x 3 values (loss mse), got Uint8Array',
    );
    await expect(mse.step(inputs, regressionTargets.subarray(3))).rejects.toThrow(
      'OnnxTrainer.step: expected targets to have 16 rows x 3 outputs = 48 values (loss mse; inputs hold 16 rows), got 45',
    );
    await expect(mse.step(inputs.subarray(1), regressionTargets)).rejects.toThrow(
      'OnnxTrainer.step: expected inputs to be one or more rows of [4] (4 values each), got 63 values',
    );
    const withNaN = regressionTargets.slice();
    withNaN[5] = Number.NaN;
    await expect(mse.evaluate(inputs, withNaN)).rejects.toThrow(
      'OnnxTrainer.evaluate: expected targets[5] to be a finite number (loss mse), got NaN',
    );
    const bce = await create('binaryCrossEntropyWithLogits');
    const outOfRange = multiLabelTargets.slice();
    outOfRange[7] = 1.5;
    await expect(bce.step(inputs, outOfRange)).rejects.toThrow(
      'OnnxTrainer.step: expected targets[7] to be in [0, 1] (loss binaryCrossEntropyWithLogits), got 1.5',
    );
    const ce = await create('softmaxCrossEntropy');
    await expect(ce.step(inputs, regressionTargets as unknown as Uint8Array)).rejects.toThrow(
      'OnnxTrainer.step: expected labels to be an Int32Array, Uint8Array or BigInt64Array, got Float32Array',
    );
    // Nothing was applied by the refused steps.
    expect([mse.globalStep, bce.globalStep, ce.globalStep]).toEqual([0, 0, 0]);
    await Promise.all([mse.release(), bce.release(), ce.release()]);
  });

  it('evaluate reports the loss only for mse, a per-label accuracy for BCE', async () => {
    const mse = await create('mse');
    const regression = await mse.evaluate(inputs, regressionTargets, { batchSize: 5 });
    expect(Object.keys(regression)).toEqual(['loss']);
    // Chunks of 5 rows average to the loss of one pass (mean over rows x outputs).
    expect(regression.loss).toBeCloseTo((await mse.evaluate(inputs, regressionTargets)).loss, 6);

    const bce = await create('binaryCrossEntropyWithLogits');
    const { accuracy } = await bce.evaluate(inputs, multiLabelTargets, { batchSize: 5 });
    // Per-label accuracy is a fraction of the 48 (row, label) pairs, not of the 16 rows.
    expect(Number.isInteger(accuracy * ROWS * OUTPUTS)).toBe(true);
    expect(Number.isInteger(accuracy * ROWS)).toBe(false);
    await Promise.all([mse.release(), bce.release()]);
  });

  it('the plateau monitors the loss of every loss; accuracy is refused where there is none', async () => {
    await expect(create('mse', { plateau: { monitor: 'accuracy' } })).rejects.toThrow(
      'OnnxTrainer.create: expected plateau.monitor to be "loss" (loss mse reports no accuracy), got "accuracy"',
    );
    const mse = await create('mse', { plateau: { patience: 0, factor: 0.5 } });
    await mse.evaluate(inputs, regressionTargets, { report: true });
    // The same loss again is no improvement: with patience 0 the rate halves.
    await mse.evaluate(inputs, regressionTargets, { report: true });
    expect(mse.hyperParameters().learningRate).toBeCloseTo(0.05, 12);
    const bce = await create('binaryCrossEntropyWithLogits', {
      plateau: { monitor: 'accuracy', mode: 'max', patience: 0 },
    });
    await bce.evaluate(inputs, multiLabelTargets, { report: true });
    await Promise.all([mse.release(), bce.release()]);
  });

  it('the range-test protocol trains on float targets and restores exactly', async () => {
    const trainer = await create('binaryCrossEntropyWithLogits');
    const rangeTrainer = trainer.asRangeTestTrainer({
      nextBatch: () => ({ inputs, labels: multiLabelTargets }),
    });
    const before = await rangeTrainer.snapshot();
    const losses = [await rangeTrainer.step(0.01), await rangeTrainer.step(0.1)];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[1]).toBeLessThan(losses[0] as number);
    await rangeTrainer.restore(before);
    expect(await rangeTrainer.step(0.01)).toBe(losses[0]);
    await trainer.release();
  });

  for (const loss of [
    'mse',
    'binaryCrossEntropyWithLogits',
    { type: 'softmaxCrossEntropy', labelSmoothing: 0.2 },
  ] as const) {
    it(`a checkpoint keeps the loss (${JSON.stringify(loss)}) and resumes bit-identically`, async () => {
      const labels = labelsFor(loss);
      const step = (t: OnnxTrainer<LossOptions>) =>
        t.step(inputs, labels as Float32Array & Uint8Array);
      const straight = await create<LossOptions>(loss);
      const straightLosses = [];
      for (let i = 0; i < 6; i++) straightLosses.push(await step(straight));

      const first = await create<LossOptions>(loss);
      const losses = [];
      for (let i = 0; i < 3; i++) losses.push(await step(first));
      const path = join(dir, `${JSON.stringify(loss).replace(/\W/g, '')}.safetensors`);
      await first.save(path);
      const meta = JSON.parse(decodeSafetensors(readFileSync(path)).metadata.trainer ?? '{}');
      expect(meta.loss).toEqual(loss);
      const resumed = await OnnxTrainer.load<LossOptions>(path);
      for (let i = 0; i < 3; i++) losses.push(await step(resumed));
      expect(losses).toEqual(straightLosses);
      const a = resumed.parameters();
      const b = straight.parameters();
      for (const name of Object.keys(b)) {
        expect(Buffer.from((a[name] as Float32Array).buffer)).toEqual(
          Buffer.from((b[name] as Float32Array).buffer),
        );
      }
      expect(await resumed.evaluate(inputs, labels as Float32Array & Uint8Array)).toEqual(
        await straight.evaluate(inputs, labels as Float32Array & Uint8Array),
      );
      await Promise.all([straight.release(), first.release(), resumed.release()]);
    });
  }

  it('a default-loss checkpoint has no loss entry (files as before the option)', async () => {
    const trainer = await create({ type: 'softmaxCrossEntropy', labelSmoothing: 0 });
    const path = join(dir, 'default.safetensors');
    await trainer.save(path);
    const meta = JSON.parse(decodeSafetensors(readFileSync(path)).metadata.trainer ?? '{}');
    expect('loss' in meta).toBe(false);
    await trainer.release();
  });

  it('targets rewritten in place in one array train as fresh arrays do (the wrapper is reused)', async () => {
    const batches = [0, 1, 2].map((k) => uniform(ROWS * OUTPUTS, 10 + k).map((v) => 2 * v - 1));
    const fresh = await create('mse');
    const reused = await create('mse');
    const buffer = new Float32Array(ROWS * OUTPUTS);
    for (const batch of batches) {
      const expected = await fresh.step(inputs, batch.slice());
      buffer.set(batch);
      expect(await reused.step(inputs, buffer)).toBe(expected);
    }
    await Promise.all([fresh.release(), reused.release()]);
  });

  it('the loss option types step and evaluate', async () => {
    const mse = await create('mse');
    expectTypeOf(mse.step).parameter(1).toEqualTypeOf<Float32Array>();
    expectTypeOf(mse.evaluate).returns.resolves.toEqualTypeOf<RegressionEvaluation>();
    const bce = await create({ type: 'binaryCrossEntropyWithLogits' });
    expectTypeOf(bce.evaluate).returns.resolves.toEqualTypeOf<Evaluation>();
    const ce = await create('softmaxCrossEntropy');
    expectTypeOf(ce.step).parameter(1).toEqualTypeOf<Int32Array | Uint8Array | BigInt64Array>();
    // Without a loss: the classification trainer every existing caller has.
    expectTypeOf<OnnxTrainer>().toEqualTypeOf<OnnxTrainer<'softmaxCrossEntropy'>>();
    expect(Object.keys(await mse.evaluate(inputs, regressionTargets))).toEqual(['loss']);
    await Promise.all([mse.release(), bce.release(), ce.release()]);
  });

  it('binary cross-entropy stays finite at logits of +-100, with sigmoid(x) - y gradients', async () => {
    // Hand values: x = 100, y = 0 and x = -100, y = 1 each cost 100 + log(1 + e^-100) = 100,
    // and d(mean)/dx = (sigmoid(x) - y) / 2 = +0.5 and -0.5. The naive log(sigmoid) form gives
    // inf in float32 (e^100 overflows).
    const built = sequential({ inputShape: [1], layers: [dense(2)] }).build(0);
    const data: Record<string, Float32Array> = {
      'dense0.weight': Float32Array.of(100, -100),
      'dense0.bias': Float32Array.of(0, 0),
    };
    const model = {
      ...built,
      params: built.params.map((p) => ({ ...p, data: data[p.name] as Float32Array })),
    };
    const { graph } = buildGradientGraph(model, 'binaryCrossEntropyWithLogits');
    const session = await InferenceSession.create(encodeModel(graph), { logSeverityLevel: 3 });
    const feeds: Record<string, Tensor> = {
      input: new Tensor('float32', Float32Array.of(1), [1, 1]),
      labels: new Tensor('float32', Float32Array.of(0, 1), [1, 2]),
    };
    for (const p of model.params) feeds[p.name] = new Tensor('float32', p.data, p.dims);
    const out = await session.run(feeds);
    expect(out.loss?.data[0]).toBe(100);
    expect(Array.from(out['dense0.bias.grad']?.data as Float32Array)).toEqual([0.5, -0.5]);
    await session.release();
  });

  it('the default, the name and labelSmoothing 0 build the same graph bytes', () => {
    const model = sequential({ inputShape: [FEATURES], layers: [dense(OUTPUTS)] }).build(0);
    const bytes = (loss?: LossOptions) =>
      Buffer.from(encodeModel(buildTrainingGraphs(model, { type: 'sgd' }, loss).trainStep));
    const reference = bytes();
    expect(bytes('softmaxCrossEntropy')).toEqual(reference);
    expect(bytes({ type: 'softmaxCrossEntropy', labelSmoothing: 0 })).toEqual(reference);
    expect(bytes({ type: 'softmaxCrossEntropy', labelSmoothing: 0.1 })).not.toEqual(reference);
  });
});
