// Hyper-parameters beyond lr/momentum as graph inputs, and the plateau after evaluate, on the
// committed Fashion-MNIST slice with real onnxruntime sessions.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OnnxTrainer, OnnxTrainerOptions } from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';

const train = fashion('train');
const test = fashion('test');
const BATCH = 64;

async function steps(trainer: OnnxTrainer, count: number, from = 0) {
  for (let k = from; k < from + count; k++) {
    const { inputs, labels } = batchOf(train, (k * BATCH) % train.rows, BATCH);
    await trainer.step(inputs, labels);
  }
}

function maxDiff(a: Record<string, Float32Array>, b: Record<string, Float32Array>) {
  let worst = 0;
  for (const [name, values] of Object.entries(a)) {
    const other = b[name] as Float32Array;
    for (let i = 0; i < values.length; i++) {
      worst = Math.max(worst, Math.abs((values[i] as number) - (other[i] as number)));
    }
  }
  return worst;
}

/** Scheduled run vs. a fixed-value run for `switchAt` steps, snapshot, then a fixed-value run. */
async function compareSwitch(
  optimizer: OnnxTrainerOptions['optimizer'],
  name: 'weightDecay' | 'beta2',
  before: number,
  after: number,
  switchAt = 3,
  total = 6,
) {
  const scheduled = await mlpTrainer({
    optimizer,
    hyperParameters: {
      [name]: { policy: 'table', values: [before, after], boundaries: [switchAt] },
    },
  });
  await steps(scheduled, total);
  const first = await mlpTrainer({
    optimizer: { ...optimizer, [name]: before } as typeof optimizer,
  });
  await steps(first, switchAt);
  const second = await mlpTrainer({
    optimizer: { ...optimizer, [name]: after } as typeof optimizer,
  });
  await second.restore(await first.snapshot());
  await steps(second, total - switchAt, switchAt);
  const diff = maxDiff(scheduled.parameters(), second.parameters());
  const unchanged = await mlpTrainer({
    optimizer: { ...optimizer, [name]: before } as typeof optimizer,
  });
  await steps(unchanged, total);
  const moved = maxDiff(scheduled.parameters(), unchanged.parameters());
  await Promise.all([scheduled, first, second, unchanged].map((t) => t.release()));
  return { diff, moved };
}

describe('scheduled hyper-parameters as graph inputs', () => {
  it.each([
    ['sgd weightDecay', { type: 'sgd', momentum: 0.9 }, 'weightDecay', 0, 0.05],
    ['adam weightDecay', { type: 'adam' }, 'weightDecay', 0, 0.05],
    ['adamw weightDecay', { type: 'adamw' }, 'weightDecay', 0.01, 0.2],
    ['adam beta2', { type: 'adam' }, 'beta2', 0.999, 0.9],
  ] as const)(
    '%s: a schedule that switches equals a run at the first value, then one at the second',
    async (_name, optimizer, name, before, after) => {
      const { diff, moved } = await compareSwitch(optimizer, name, before, after);
      expect(diff).toBe(0);
      // ... and the switch really changed the weights (the input is read).
      expect(moved).toBeGreaterThan(1e-6);
    },
  );

  it('feeds weight_decay and beta2 as graph inputs only when scheduled', async () => {
    const trainer = await mlpTrainer({
      optimizer: { type: 'adamw' },
      hyperParameters: { weightDecay: { policy: 'cosine', lr: 0.01, totalSteps: 100 } },
    });
    expect(trainer.hyperParameters(50)).toMatchObject({ weightDecay: 0.005, learningRate: 0.05 });
    // AdamW's decoupled decay enters as the host-computed factor 1 - lr * weightDecay.
    const text = new TextDecoder('latin1').decode(trainer.trainStepModel());
    expect(text).toContain('decay_factor');
    await trainer.release();
    const coupled = await mlpTrainer({
      optimizer: { type: 'adam' },
      hyperParameters: {
        weightDecay: { policy: 'constant', lr: 0.01 },
        beta2: { policy: 'constant', lr: 0.99 },
      },
    });
    const coupledText = new TextDecoder('latin1').decode(coupled.trainStepModel());
    expect(coupledText).toContain('weight_decay');
    expect(coupledText).toContain('one_minus_beta2');
    await coupled.release();
    const fixed = await mlpTrainer({ optimizer: { type: 'adam' } });
    const fixedText = new TextDecoder('latin1').decode(fixed.trainStepModel());
    expect(fixedText).not.toContain('weight_decay');
    expect(fixedText).not.toContain('one_minus_beta2');
    await fixed.release();
  });

  it('refuses inputs the optimizer does not have, with the nearest name', async () => {
    await expect(
      mlpTrainer({ hyperParameters: { beta2: { policy: 'constant', lr: 0.99 } } }),
    ).rejects.toThrow(
      'OnnxTrainer.create: the sgd optimizer has no scheduled input "beta2"; it takes weightDecay',
    );
    await expect(
      mlpTrainer({
        optimizer: { type: 'adam' },
        hyperParameters: { weightDecy: { policy: 'constant', lr: 0.1 } } as never,
      }),
    ).rejects.toThrow('(did you mean "weightDecay"?)');
  });
});

// The plateau after evaluate: a real run, reporting the test loss after each epoch. The fixture
// holds that loss sequence and the lr PyTorch's ReduceLROnPlateau gives after each of those
// metrics (scripts/plateau_fit_torch.py, which also checks that no decision is within 1e-4
// relative of its threshold, so float differences between CPUs cannot flip one). Regenerate with
// CYCLR_WRITE_FIXTURE=1 npx vitest run src/__tests__/scheduled-inputs.test.ts, then the script.
const fixtureUrl = new URL('./fixtures/plateau-fit.json', import.meta.url);
const LR = 0.05;
const PLATEAU = { patience: 0, factor: 0.5, threshold: 0.01 };
const EPOCHS = 16;

describe('plateau after evaluate', () => {
  it('reduces the lr after the epochs PyTorch’s ReduceLROnPlateau would, on the same losses', async () => {
    const trainer = await mlpTrainer({
      schedule: { policy: 'constant', lr: LR },
      plateau: { monitor: 'loss', ...PLATEAU },
    });
    const losses: number[] = [];
    const epochLr: number[] = [];
    const perEpoch = train.rows / BATCH;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      epochLr.push(trainer.hyperParameters().learningRate);
      await steps(trainer, perEpoch, epoch * perEpoch);
      losses.push((await trainer.evaluate(test.inputs, test.labels, { report: true })).loss);
    }
    await trainer.release();
    if (process.env.CYCLR_WRITE_FIXTURE === '1') {
      writeFileSync(
        fixtureUrl,
        `${JSON.stringify({ lr0: LR, plateau: PLATEAU, losses }, null, 1)}\n`,
      );
    }
    const fixture = JSON.parse(readFileSync(fixtureUrl, 'utf8')) as {
      losses: number[];
      torchLr: number[];
      torchReducedAfterEpoch: number[];
    };
    losses.forEach((loss, epoch) => {
      expect(Math.abs(loss / (fixture.losses[epoch] as number) - 1), `loss ${epoch}`).toBeLessThan(
        1e-5,
      );
    });
    expect(fixture.torchReducedAfterEpoch.length).toBeGreaterThanOrEqual(2);
    expect(epochLr[0]).toBe(LR);
    for (let epoch = 1; epoch < EPOCHS; epoch++) {
      const torchLr = fixture.torchLr[epoch - 1] as number;
      expect(
        Math.abs((epochLr[epoch] as number) / torchLr - 1),
        `lr of epoch ${epoch}`,
      ).toBeLessThan(1e-12);
    }
  });

  it('refuses an unknown plateau option with the nearest name', async () => {
    await expect(mlpTrainer({ plateau: { monitr: 'loss' } as never })).rejects.toThrow(
      'OnnxTrainer.create: unknown plateau option "monitr" (did you mean "monitor"?)',
    );
  });

  it('refuses report without a plateau', async () => {
    const trainer = await mlpTrainer();
    await expect(trainer.evaluate(test.inputs, test.labels, { report: true })).rejects.toThrow(
      'OnnxTrainer.evaluate: expected the trainer to have a plateau',
    );
    await trainer.release();
  });
});
