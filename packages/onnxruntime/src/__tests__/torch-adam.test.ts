// 50 scheduled steps of Adam / AdamW on the Fashion-MNIST slice vs torch.optim
// (fixtures/torch-adam-fashion.json, written by make_torch_adam_fixture.py in float32).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from '@cyclr/core';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../graph/encode.js';
import { buildTrainingGraphsWith } from '../graph/train-graph.js';
import { OnnxTrainer } from '../index.js';
import { adamGraph } from '../optimizers/adam.js';
import { batchOf, fashion } from './helpers/fashion.js';
import { float32, torchInitialMlp } from './helpers/torch-weights.js';

interface AdamFixture {
  steps: number;
  batch: number;
  hidden: number;
  lrs: number[];
  betas1: number[];
  initial: Record<string, string>;
  runs: {
    optimizer: 'adam' | 'adamw';
    options: { betas: number[]; eps: number; weight_decay: number };
    losses: number[];
    final: Record<string, string>;
  }[];
}

const fixture: AdamFixture = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures/torch-adam-fashion.json'), 'utf8'),
);

const torchInitialModel = () => torchInitialMlp(fixture.hidden, fixture.initial);

const train = fashion('train');

describe('Adam / AdamW vs PyTorch over 50 steps on Fashion-MNIST', () => {
  for (const run of fixture.runs) {
    it(`${run.optimizer} ${JSON.stringify(run.options)}: per-step losses and final weights within 5e-6 of torch.optim`, async () => {
      const trainer = await OnnxTrainer.create({
        model: torchInitialModel(),
        optimizer: {
          type: run.optimizer,
          beta2: run.options.betas[1],
          epsilon: run.options.eps,
          weightDecay: run.options.weight_decay,
        },
        schedule: table({ values: fixture.lrs, momentum: fixture.betas1 }),
      });
      for (let step = 0; step < fixture.steps; step++) {
        const b = batchOf(train, (step * fixture.batch) % train.rows, fixture.batch);
        const loss = await trainer.step(b.inputs, b.labels);
        expect(Math.abs(loss - (run.losses[step] as number)), `loss at step ${step}`).toBeLessThan(
          1e-5,
        );
      }
      const params = trainer.parameters();
      let worst = 0;
      for (const [name, encoded] of Object.entries(run.final)) {
        const expected = float32(encoded);
        const got = params[name] as Float32Array;
        expect(got.length, name).toBe(expected.length);
        for (let i = 0; i < got.length; i++) {
          worst = Math.max(worst, Math.abs((got[i] as number) - (expected[i] as number)));
        }
      }
      // Measured: 1.6e-7 (adam), 1.1e-6 (adam, beta2 0.99: torch's own float32-vs-float64
      // drift is as large), 3.9e-7 (adamw). Bias corrections in float32 in the graph: 1e-5.
      expect(worst).toBeLessThan(5e-6);
      await trainer.release();
    });
  }
});

describe('Adam optimizer graph', () => {
  it('one optimizer graph serves two builds (no node names cached from the first)', async () => {
    const optimizer = adamGraph({ type: 'adamw' });
    const model = torchInitialModel();
    buildTrainingGraphsWith(model, optimizer);
    const second = buildTrainingGraphsWith(model, optimizer);
    const session = await InferenceSession.create(encodeModel(second.trainStep));
    await session.release();
  });
});
