// The MLP's loss, gradients and 3-step optimizer trajectories vs PyTorch (fixtures/torch-mlp.json,
// float64 in PyTorch; float32 here, so tolerances are float32-sized).

import { type Schedule, table } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { OnnxTrainer, type OptimizerOptions } from '../index.js';
import { maxRelativeError, ortGradients } from './helpers/run-gradients.js';
import { torchFixture, torchModel } from './helpers/torch-fixture.js';

const { batch, inputs } = torchFixture.shape;

/** The trajectory's rates and momenta, one per step, as a real schedule: a table. */
function listSchedule(lrs: number[], momenta: number[]): Schedule {
  return table({ values: lrs, momentum: momenta });
}

describe('MLP vs PyTorch', () => {
  it('loss and gradients match torch autograd', async () => {
    const first = torchFixture.batches[0] as { inputs: number[]; labels: number[] };
    const { loss, grads } = await ortGradients(
      torchModel(),
      Float32Array.from(first.inputs),
      [batch, inputs],
      first.labels,
    );
    expect(loss).toBeCloseTo(torchFixture.loss, 5);
    for (const [name, expected] of Object.entries(torchFixture.grads)) {
      expect(maxRelativeError(grads[name] as Float32Array, expected), name).toBeLessThan(1e-5);
    }
  });

  for (const trajectory of torchFixture.trajectories) {
    const o = trajectory.options;
    const optimizer: OptimizerOptions =
      trajectory.optimizer === 'sgd'
        ? {
            type: 'sgd',
            momentum: o.momentum ?? 0,
            nesterov: o.nesterov ?? false,
            weightDecay: o.weight_decay,
          }
        : {
            type: trajectory.optimizer,
            beta2: o.betas?.[1] ?? 0.999,
            epsilon: o.eps ?? 1e-8,
            weightDecay: o.weight_decay,
          };
    it(`${trajectory.optimizer} ${JSON.stringify(o)}: 3 scheduled steps match torch.optim`, async () => {
      const trainer = await OnnxTrainer.create({
        model: torchModel(),
        optimizer,
        schedule: listSchedule(trajectory.lrs, trajectory.momenta),
      });
      for (const [i, expected] of trajectory.steps.entries()) {
        const b = torchFixture.batches[i] as { inputs: number[]; labels: number[] };
        const loss = await trainer.step(Float32Array.from(b.inputs), Int32Array.from(b.labels));
        expect(loss).toBeCloseTo(expected.loss, 5);
        const params = trainer.parameters();
        for (const [name, values] of Object.entries(expected.params)) {
          const got = params[name] as Float32Array;
          const worst = Math.max(...values.map((v, k) => Math.abs((got[k] as number) - v)));
          // Adam divides by sqrt(v): entries with near-zero gradients amplify float32 rounding.
          expect(worst, `step ${i} ${name}`).toBeLessThan(
            trajectory.optimizer === 'sgd' ? 2e-6 : 2e-5,
          );
        }
      }
      await trainer.release();
    });
  }
});
