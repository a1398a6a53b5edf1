import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { learningRateScheduler } from '../index.js';
import { useBackend } from './backends.js';

// A real model.fit with the plateau watching val_loss. The fixture holds the val_loss sequence
// this run produces (deterministic: seeded data and initializers, no shuffling, cpu backend)
// and the lr PyTorch's ReduceLROnPlateau gives after each of those metrics, from
// scripts/plateau_fit_torch.py. To regenerate: CYCLR_WRITE_FIXTURE=1 npx vitest run
// src/__tests__/plateau-fit.test.ts, then /usr/bin/python3 packages/tfjs/scripts/plateau_fit_torch.py.
const fixtureUrl = new URL('./fixtures/plateau-fit.json', import.meta.url);
const LR = 0.2;
const PLATEAU = { monitor: 'val_loss', patience: 1, factor: 0.5, cooldown: 1, minLr: 0.01 };
const EPOCHS = 24;

let disposables: { dispose(): void }[] = [];
beforeAll(() => useBackend('cpu'));
afterEach(() => {
  for (const d of disposables) d.dispose();
  disposables = [];
});

async function train() {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        inputShape: [4],
        activation: 'tanh',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(LR), loss: 'meanSquaredError' });
  const w = tf.tensor2d([[0.5], [-1], [0.25], [2]]);
  const data = (n: number, seed: number) => {
    const xs = tf.randomNormal([n, 4], 0, 1, 'float32', seed);
    const ys = tf.add(tf.matMul(xs, w), tf.randomNormal([n, 1], 0, 0.5, 'float32', seed + 1));
    return { xs, ys };
  };
  const train = data(64, 10);
  const val = data(32, 20);
  disposables.push(model, w, train.xs, train.ys, val.xs, val.ys);
  const epochLr: number[] = [];
  const scheduler = learningRateScheduler(
    { policy: 'constant', lr: LR },
    { model, plateau: PLATEAU },
  );
  const history = await model.fit(train.xs, train.ys, {
    epochs: EPOCHS,
    batchSize: 16,
    shuffle: false,
    verbose: 0,
    validationData: [val.xs, val.ys],
    callbacks: [
      scheduler,
      {
        onBatchBegin: (batch: number, logs?: tf.Logs) =>
          void (batch === 0 && epochLr.push(logs?.lr as number)),
      },
    ],
  });
  return { valLoss: history.history.val_loss as number[], epochLr, scheduler };
}

describe('learningRateScheduler with plateau (a real fit)', () => {
  it('reduces the lr after the epochs PyTorch’s ReduceLROnPlateau would, on the same val_loss', async () => {
    const { valLoss, epochLr, scheduler } = await train();
    if (process.env.CYCLR_WRITE_FIXTURE === '1') {
      writeFileSync(
        fixtureUrl,
        `${JSON.stringify({ lr0: LR, plateau: PLATEAU, valLoss }, null, 1)}\n`,
      );
    }
    const fixture = JSON.parse(readFileSync(fixtureUrl, 'utf8')) as {
      valLoss: number[];
      torchLr: number[];
      torchReducedAfterEpoch: number[];
    };
    // The same metric sequence as when the fixture was written ...
    expect(valLoss).toHaveLength(EPOCHS);
    valLoss.forEach((value, epoch) => {
      expect(value, `val_loss ${epoch}`).toBeCloseTo(fixture.valLoss[epoch] as number, 6);
    });
    // ... gets the same rates: epoch e + 1 trains with PyTorch's lr after step(val_loss[e]).
    expect(fixture.torchReducedAfterEpoch.length).toBeGreaterThanOrEqual(2);
    expect(epochLr[0]).toBe(LR);
    for (let epoch = 1; epoch < EPOCHS; epoch++) {
      const torchLr = fixture.torchLr[epoch - 1] as number;
      expect(
        Math.abs((epochLr[epoch] as number) / torchLr - 1),
        `lr of epoch ${epoch}`,
      ).toBeLessThan(1e-12);
    }
    expect(scheduler.plateau?.state().reports).toBe(EPOCHS);
  });

  it('names the missing log when fit has no validation data', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const xs = tf.ones([4, 2]);
    const ys = tf.ones([4, 1]);
    disposables.push(model, xs, ys);
    await expect(
      model.fit(xs, ys, {
        epochs: 1,
        verbose: 0,
        callbacks: learningRateScheduler({ policy: 'constant', lr: 0.1 }, { model, plateau: {} }),
      }),
    ).rejects.toThrow(
      'learningRateScheduler: plateau monitors "val_loss", but the logs of epoch 0 have no such entry (they have: loss',
    );
  });

  it('refuses an unknown plateau option with the nearest name', () => {
    expect(() =>
      learningRateScheduler(
        { policy: 'constant', lr: 0.1 },
        { plateau: { monitr: 'val_acc' } as never },
      ),
    ).toThrow('learningRateScheduler plateau: unknown option "monitr" (did you mean "monitor"?)');
    expect(() =>
      learningRateScheduler({ policy: 'constant', lr: 0.1 }, { plateau: { factor: 2 } }),
    ).toThrow(
      'reduceLrOnPlateau: expected factor to be a number between 0 and 1 (exclusive), got 2',
    );
  });
});
