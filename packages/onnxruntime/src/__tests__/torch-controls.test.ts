// Per-parameter optimizer controls (clipNorm, weightDecayFilter, paramGroups, freeze) vs
// torch.optim doing the same, 20 scheduled steps each on the Fashion-MNIST slice
// (fixtures/torch-controls.json, written by make_torch_controls_fixture.py in float32).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { OnnxTrainer, type OnnxTrainerOptions, type OptimizerOptions } from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';
import { float32, torchInitialMlp } from './helpers/torch-weights.js';

interface ControlsRun {
  name: string;
  baseLr: number;
  losses: number[];
  gradNorms: number[];
  clippedSteps: number[];
  final: Record<string, string>;
}

const fixture: {
  steps: number;
  batch: number;
  hidden: number;
  lrShape: number[];
  clipNorm: number;
  initial: Record<string, string>;
  runs: ControlsRun[];
} = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/torch-controls.json'), 'utf8'));

const torchInitialModel = () => torchInitialMlp(fixture.hidden, fixture.initial);

const clipNorm = fixture.clipNorm;
/** Each torch run's setup in this package's options (see the generator's docstring). */
const setups: Record<
  string,
  { optimizer: OptimizerOptions; freeze?: OnnxTrainerOptions['freeze'] }
> = {
  clip: { optimizer: { type: 'sgd', momentum: 0.9, weightDecay: 5e-3, clipNorm } },
  adamwNo1d: { optimizer: { type: 'adamw', weightDecay: 0.05, weightDecayFilter: 'exclude1d' } },
  sgdGroups: {
    optimizer: {
      type: 'sgd',
      momentum: 0.9,
      paramGroups: [{ params: 'dense0.*', lrMultiplier: 0.1, weightDecay: 0.01 }],
    },
  },
  frozen: { optimizer: { type: 'sgd', momentum: 0.9 }, freeze: /^dense0\./ },
  adamNo1d: { optimizer: { type: 'adam', weightDecay: 0.01, weightDecayFilter: 'exclude1d' } },
  sgdNo1d: {
    optimizer: {
      type: 'sgd',
      momentum: 0.9,
      nesterov: true,
      weightDecay: 0.01,
      weightDecayFilter: 'exclude1d',
    },
  },
  combined: {
    optimizer: {
      type: 'adamw',
      weightDecay: 0.05,
      weightDecayFilter: 'exclude1d',
      clipNorm,
      paramGroups: [{ params: ['dense1.weight', 'dense1.bias'], lrMultiplier: 0.5 }],
    },
  },
};

const train = fashion('train');

describe('optimizer controls vs PyTorch over 20 steps on Fashion-MNIST', () => {
  for (const run of fixture.runs) {
    const setup = setups[run.name];
    it(`${run.name}: per-step losses and final weights within 3e-6 of torch`, async () => {
      if (!setup) throw new Error(`no setup for the fixture's run '${run.name}'`);
      const trainer = await OnnxTrainer.create({
        model: torchInitialModel(),
        ...setup,
        schedule: table({ values: fixture.lrShape.map((s) => s * run.baseLr) }),
      });
      let worstLoss = 0;
      for (let step = 0; step < fixture.steps; step++) {
        const b = batchOf(train, (step * fixture.batch) % train.rows, fixture.batch);
        const loss = await trainer.step(b.inputs, b.labels);
        worstLoss = Math.max(worstLoss, Math.abs(loss - (run.losses[step] as number)));
      }
      const params = trainer.parameters();
      let worst = 0;
      for (const [name, encoded] of Object.entries(run.final)) {
        const expected = float32(encoded);
        const got = params[name] as Float32Array;
        expect(got?.length, name).toBe(expected.length);
        for (let i = 0; i < got.length; i++) {
          worst = Math.max(worst, Math.abs((got[i] as number) - (expected[i] as number)));
        }
      }
      // Measured (loss, weights): clip 2.4e-7, 1.0e-7; adamwNo1d 4.8e-7, 1.5e-7; sgdGroups
      // 3.6e-7, 4.5e-8; frozen 2.4e-7, 3.0e-8; adamNo1d 4.8e-7, 8.9e-7 (Adam's coupled L2
      // drifts most, as in torch-adam.test.ts); sgdNo1d 2.4e-7, 8.9e-8; combined 2.4e-7, 1.5e-7.
      expect(worstLoss).toBeLessThan(2e-6);
      expect(worst).toBeLessThan(3e-6);
      await trainer.release();
    });
  }

  it('the clipping runs clip on most steps but not all (the clamp to 1 is exercised)', () => {
    for (const name of ['clip', 'combined']) {
      const run = fixture.runs.find((r) => r.name === name);
      expect(run?.clippedSteps.length).toBeGreaterThan(fixture.steps / 2);
      expect(run?.clippedSteps.length).toBeLessThan(fixture.steps);
    }
  });

  it('frozen parameters are not trained, kept in parameters() and have no optimizer state', async () => {
    const model = torchInitialModel();
    const trainer = await OnnxTrainer.create({
      model,
      optimizer: { type: 'sgd', momentum: 0.9 },
      schedule: { policy: 'constant', lr: 0.05 },
      freeze: 'dense0.*',
    });
    const b = batchOf(train, 0, 32);
    await trainer.step(b.inputs, b.labels);
    const state = await trainer.snapshot();
    expect(Object.keys(state.optimizerState).sort()).toEqual([
      'dense1.bias.velocity',
      'dense1.weight.velocity',
    ]);
    expect(trainer.parameters()['dense0.weight']).toEqual(model.params[0]?.data);
    expect(trainer.parameters()['dense1.weight']).not.toEqual(model.params[2]?.data);
    await trainer.release();
  });
});
