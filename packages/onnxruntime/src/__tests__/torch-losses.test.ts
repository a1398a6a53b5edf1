// Every trainer loss against PyTorch doing the same thing: 20 SGD-momentum steps of a small MLP
// from torch's initial weights on the same batches (fixtures/torch-losses.json, written by
// make_torch_loss_fixture.py in float32): CrossEntropyLoss(label_smoothing=0.1 and 0.3) on the
// Fashion slice, BCEWithLogitsLoss on derived multi-label targets, MSELoss on a regression set.

import { table } from '@cyclr/core';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../graph/encode.js';
import { buildGradientGraph, gradName, LABELS, LOSS } from '../graph/train-graph.js';
import { type LossOptions, OnnxTrainer } from '../index.js';
import { float32, initialModel, lossData, lossFixture, rowsOf } from './helpers/loss-fixture.js';

const describeLoss = (loss: LossOptions) =>
  typeof loss === 'string' ? loss : JSON.stringify(loss);
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function labelsTensor(labels: Uint8Array | Float32Array, rows: number): Tensor {
  return labels instanceof Float32Array
    ? new Tensor('float32', labels, [rows, labels.length / rows])
    : new Tensor(
        'int64',
        BigInt64Array.from(labels, (v) => BigInt(v)),
        [rows],
      );
}

describe('losses vs PyTorch over 20 SGD-momentum steps', () => {
  for (const run of lossFixture.runs) {
    const name = describeLoss(run.loss);
    const train = lossData(run, 'train');
    const test = lossData(run, 'test');

    it(`${name}: per-step losses within 1e-5 relative, final weights within 1e-5 of torch`, async () => {
      const trainer = await OnnxTrainer.create<LossOptions>({
        model: initialModel(run),
        loss: run.loss,
        optimizer: { type: 'sgd', momentum: lossFixture.momentum },
        schedule: table({ values: lossFixture.lrs }),
      });
      let worstLoss = 0;
      for (let step = 0; step < lossFixture.steps; step++) {
        const start = (step * lossFixture.batch) % train.rows;
        const b = rowsOf(train, start, lossFixture.batch);
        const loss = await trainer.step(b.inputs, b.labels);
        worstLoss = Math.max(worstLoss, relative(loss, run.losses[step] as number));
      }
      let worstWeight = 0;
      const params = trainer.parameters();
      for (const [param, encoded] of Object.entries(run.final)) {
        const expected = float32(encoded);
        const got = params[param] as Float32Array;
        expect(got.length, param).toBe(expected.length);
        for (let i = 0; i < got.length; i++) {
          worstWeight = Math.max(
            worstWeight,
            Math.abs((got[i] as number) - (expected[i] as number)),
          );
        }
      }
      // Measured (onnxruntime-node 1.30): losses <= 2.0e-7 relative, weights <= 1.2e-7 abs,
      // for every loss; torch's own float32-vs-float64 drift of the weights is 7e-8 to 1.3e-7.
      expect(worstLoss).toBeLessThan(1e-5);
      expect(worstWeight).toBeLessThan(1e-5);

      // The trained model on held-out rows: torch's loss, and the same decisions for accuracy.
      const evaluation = (await trainer.evaluate(test.inputs, test.labels, { batchSize: 100 })) as {
        loss: number;
        accuracy?: number;
      };
      expect(relative(evaluation.loss, run.heldOut.loss)).toBeLessThan(1e-5);
      if (run.heldOut.accuracy === undefined) expect(evaluation).toEqual({ loss: evaluation.loss });
      else expect(evaluation.accuracy).toBe(run.heldOut.accuracy);
      await trainer.release();
    });

    it(`${name}: buildGradientGraph's gradients at the initial weights are torch's`, async () => {
      const model = initialModel(run);
      const { graph } = buildGradientGraph(model, run.loss);
      const session = await InferenceSession.create(encodeModel(graph), { logSeverityLevel: 3 });
      const b = rowsOf(train, 0, lossFixture.batch);
      const feeds: Record<string, Tensor> = {
        [model.input.name]: new Tensor('float32', b.inputs, [lossFixture.batch, run.inputs]),
        [LABELS]: labelsTensor(b.labels, lossFixture.batch),
      };
      for (const p of model.params) feeds[p.name] = new Tensor('float32', p.data, p.dims);
      const out = await session.run(feeds);
      expect(
        relative((out[LOSS] as Tensor).data[0] as number, run.losses[0] as number),
      ).toBeLessThan(1e-6);
      for (const [param, encoded] of Object.entries(run.firstGradients)) {
        const expected = float32(encoded);
        const got = out[gradName(param)]?.data as Float32Array;
        let scale = 0;
        let worst = 0;
        for (let i = 0; i < expected.length; i++) {
          scale = Math.max(scale, Math.abs(expected[i] as number));
          worst = Math.max(worst, Math.abs((got[i] as number) - (expected[i] as number)));
        }
        // Relative to the largest gradient entry (tiny entries carry only rounding). Measured:
        // <= 3.6e-7 for every loss and parameter.
        expect(worst / scale, param).toBeLessThan(1e-5);
      }
      await session.release();
    });
  }
});
