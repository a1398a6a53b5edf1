// Gradient accumulation: k micro-batches of b rows give the update of one batch of k*b rows
// (no BatchNorm, whose batch statistics differ by construction), the schedule counts updates,
// and snapshots, checkpoints and the range test keep working at and inside a window.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  batchNorm,
  dense,
  dropout,
  NonFiniteLossError,
  OnnxTrainer,
  type OnnxTrainerOptions,
  relu,
  sequential,
} from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';
import { inputsOf, torchExport } from './helpers/torch-export.js';

const train = fashion('train');
const dir = mkdtempSync(join(tmpdir(), 'cyclr-accumulation-'));

/** A BatchNorm + dropout MLP with Adam and a schedule: every piece of state a window touches. */
function stateful(options: Partial<OnnxTrainerOptions> = {}): Promise<OnnxTrainer> {
  return OnnxTrainer.create({
    model: sequential({
      inputShape: [784],
      layers: [dense(24), batchNorm(), relu(), dropout(0.3), dense(10)],
    }),
    optimizer: { type: 'adamw' },
    schedule: { policy: 'triangular', baseLr: 1e-3, maxLr: 1e-2, stepSize: 2 },
    seed: 3,
    gradientAccumulationSteps: 3,
    ...options,
  });
}

/** Micro-batch m: 16 rows, walking the slice. */
const micro = (m: number) => batchOf(train, (m * 16) % train.rows, 16);

async function steps(trainer: OnnxTrainer, from: number, to: number): Promise<number[]> {
  const losses: number[] = [];
  for (let m = from; m < to; m++) {
    const b = micro(m);
    losses.push(await trainer.step(b.inputs, b.labels));
  }
  return losses;
}

function maxAbsDifference(a: Record<string, Float32Array>, b: Record<string, Float32Array>) {
  let worst = 0;
  for (const [name, values] of Object.entries(a)) {
    const other = b[name] as Float32Array;
    expect(other.length, name).toBe(values.length);
    for (let i = 0; i < values.length; i++) {
      worst = Math.max(worst, Math.abs((values[i] as number) - (other[i] as number)));
    }
  }
  return worst;
}

function bits(values: Record<string, Float32Array>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex'),
    ]),
  );
}

async function everything(trainer: OnnxTrainer) {
  const state = await trainer.snapshot();
  return {
    step: trainer.globalStep,
    position: trainer.accumulatedMicroBatches,
    params: bits(state.params),
    optimizerState: bits(state.optimizerState),
    buffers: bits(state.buffers ?? {}),
  };
}

describe('gradient accumulation', () => {
  it('4 micro-batches of 16 rows make the update of one batch of 64 (SGD momentum, 3 updates)', async () => {
    const whole = await mlpTrainer();
    const micro = await mlpTrainer({ gradientAccumulationSteps: 4 });
    for (let update = 0; update < 3; update++) {
      const start = update * 64;
      const big = batchOf(train, start, 64);
      const bigLoss = await whole.step(big.inputs, big.labels);
      let sum = 0;
      for (let i = 0; i < 4; i++) {
        const b = batchOf(train, start + 16 * i, 16);
        sum += await micro.step(b.inputs, b.labels);
        expect(micro.accumulatedMicroBatches).toBe((i + 1) % 4);
        expect(micro.globalStep).toBe(i === 3 ? update + 1 : update);
      }
      expect(Math.abs(sum / 4 - bigLoss)).toBeLessThan(1e-6);
    }
    const a = whole.parameters();
    const b = micro.parameters();
    let worst = 0;
    for (const [name, values] of Object.entries(a)) {
      const other = b[name] as Float32Array;
      for (let i = 0; i < values.length; i++) {
        worst = Math.max(worst, Math.abs((values[i] as number) - (other[i] as number)));
      }
    }
    // Measured: 1.5e-8 (float32 summation order; weights move by ~1e-1).
    expect(worst).toBeLessThan(1e-6);
    await Promise.all([whole.release(), micro.release()]);
  });

  it('AdamW: 4 micro-batches of 16 make the update of one batch of 64 (bias corrections per update)', async () => {
    const whole = await mlpTrainer({ optimizer: { type: 'adamw' } });
    const micro4 = await mlpTrainer({ optimizer: { type: 'adamw' }, gradientAccumulationSteps: 4 });
    for (let update = 0; update < 3; update++) {
      const big = batchOf(train, update * 64, 64);
      await whole.step(big.inputs, big.labels);
      await steps(micro4, update * 4, update * 4 + 4);
    }
    const worst = maxAbsDifference(whole.parameters(), micro4.parameters());
    // Measured: 1.5e-6 (Adam's m / sqrt(v) magnifies rounding of small gradients; weights move by
    // ~0.15 at lr 0.05). Bias corrections fed per micro-batch (t = 12) instead of per update: 1.5e-1.
    expect(worst).toBeLessThan(1e-5);
    await Promise.all([whole.release(), micro4.release()]);
  });

  it('optimizer controls apply to the accumulated gradient: clipNorm, paramGroups, weightDecayFilter', async () => {
    // PyTorch clips the accumulated gradient (clip_grad_norm_ after the k backward passes).
    const optimizer = {
      type: 'sgd',
      momentum: 0.9,
      weightDecay: 0.01,
      weightDecayFilter: 'exclude1d',
      clipNorm: 0.05,
      paramGroups: [{ params: 'dense0.*', lrMultiplier: 0.25 }],
    } as const;
    const whole = await mlpTrainer({ optimizer });
    const micro4 = await mlpTrainer({ optimizer, gradientAccumulationSteps: 4 });
    const unclipped = await mlpTrainer({ optimizer: { ...optimizer, clipNorm: undefined } });
    for (let update = 0; update < 3; update++) {
      const big = batchOf(train, update * 64, 64);
      await whole.step(big.inputs, big.labels);
      await unclipped.step(big.inputs, big.labels);
      await steps(micro4, update * 4, update * 4 + 4);
    }
    expect(maxAbsDifference(whole.parameters(), micro4.parameters())).toBeLessThan(1e-6);
    // The controls are not a no-op here: clipping moves the weights by far more than that.
    expect(maxAbsDifference(whole.parameters(), unclipped.parameters())).toBeGreaterThan(1e-3);
    await Promise.all([whole.release(), micro4.release(), unclipped.release()]);
  });

  it('a model exported from PyTorch (attention: MatMul, Gemm, Softmax): 2 x 8 rows make the update of 16', async () => {
    const { fixture, bytes } = torchExport('attention');
    const options = {
      model: bytes,
      optimizer: {
        type: 'sgd',
        momentum: fixture.optimizer.momentum,
        weightDecay: fixture.optimizer.weightDecay,
      },
      schedule: { policy: 'constant', lr: fixture.optimizer.lr },
    } as const;
    const whole = await OnnxTrainer.create(options);
    const micro2 = await OnnxTrainer.create({ ...options, gradientAccumulationSteps: 2 });
    for (const rows of fixture.batches.slice(0, 4)) {
      const big = inputsOf(fixture.input, 'train', rows);
      await whole.step(big.data as Float32Array, big.labels);
      for (const half of [rows.slice(0, 8), rows.slice(8, 16)]) {
        const b = inputsOf(fixture.input, 'train', half);
        await micro2.step(b.data as Float32Array, b.labels);
      }
    }
    expect(micro2.globalStep).toBe(4);
    const worst = maxAbsDifference(whole.parameters(), micro2.parameters());
    // Measured: 6.0e-8 (summing instead of averaging the micro-batch gradients fails it).
    expect(worst).toBeLessThan(1e-6);
    await Promise.all([whole.release(), micro2.release()]);
  });

  it('refuses a gradientAccumulationSteps that is not a positive integer', async () => {
    await expect(mlpTrainer({ gradientAccumulationSteps: 0 })).rejects.toThrow(
      'OnnxTrainer.create: expected gradientAccumulationSteps to be a positive integer, got 0',
    );
    await expect(mlpTrainer({ gradientAccumulationSteps: 2.5 })).rejects.toThrow('got 2.5');
  });

  it('draws new dropout masks for every micro-batch of a window', async () => {
    const trainer = await stateful();
    const b = micro(0);
    const first = await trainer.step(b.inputs, b.labels);
    const second = await trainer.step(b.inputs, b.labels);
    // Same rows, same weights (no update yet): only the masks (and BatchNorm's batch, the same) differ.
    expect(second).not.toBe(first);
    await trainer.release();
  });

  it('snapshot inside a window and restore: the run continues bit-identically', async () => {
    const trainer = await stateful();
    await steps(trainer, 0, 4); // one update, one micro-batch into the next window
    const snapshot = await trainer.snapshot();
    expect(snapshot.accumulation?.microBatches).toBe(1);
    const losses = await steps(trainer, 4, 11);
    const after = await everything(trainer);
    await trainer.restore(snapshot);
    expect(trainer.accumulatedMicroBatches).toBe(1);
    expect(await steps(trainer, 4, 11)).toEqual(losses);
    expect(await everything(trainer)).toEqual(after);
    await trainer.release();
  });

  it('save refuses mid-window; a checkpoint at an update boundary resumes bit-identically, k included', async () => {
    const trainer = await stateful();
    await steps(trainer, 0, 5);
    const path = join(dir, 'window.safetensors');
    await expect(trainer.save(path)).rejects.toThrow(
      'OnnxTrainer.save: expected the trainer at an update boundary, got 2 of 3 micro-batches accumulated',
    );
    await steps(trainer, 5, 6);
    await trainer.save(path);
    const resumed = await OnnxTrainer.load(path);
    expect(resumed.gradientAccumulationSteps).toBe(3);
    expect(resumed.globalStep).toBe(2);
    const straight = await stateful();
    await steps(straight, 0, 6);
    expect(await steps(resumed, 6, 14)).toEqual(await steps(straight, 6, 14));
    expect(await everything(resumed)).toEqual(await everything(straight));
    await Promise.all([trainer.release(), resumed.release(), straight.release()]);
  });

  it('a NaN loss drops the whole window: no update, the next window starts afresh', async () => {
    const trainer = await mlpTrainer({ gradientAccumulationSteps: 3 });
    const fresh = await mlpTrainer({ gradientAccumulationSteps: 3 });
    const before = bits(trainer.parameters());
    await steps(trainer, 0, 1);
    const bad = micro(1);
    const inputs = bad.inputs.slice();
    inputs[7] = Number.NaN;
    const error = await trainer.step(inputs, bad.labels).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as NonFiniteLossError).step).toBe(0);
    expect(trainer.accumulatedMicroBatches).toBe(0);
    expect(trainer.globalStep).toBe(0);
    expect(bits(trainer.parameters())).toEqual(before);
    // The first micro-batch's gradient is gone: the next three make the update a fresh trainer makes.
    await steps(trainer, 2, 5);
    await steps(fresh, 2, 5);
    expect(trainer.globalStep).toBe(1);
    expect(bits(trainer.parameters())).toEqual(bits(fresh.parameters()));
    await Promise.all([trainer.release(), fresh.release()]);
  });

  it('with restoreOnNonFiniteLoss, a NaN in a window also undoes the last applied update', async () => {
    const trainer = await mlpTrainer({
      gradientAccumulationSteps: 2,
      restoreOnNonFiniteLoss: true,
    });
    const initial = bits(trainer.parameters());
    await steps(trainer, 0, 3); // update 0 applied, one micro-batch into the next window
    expect(trainer.globalStep).toBe(1);
    const bad = micro(3);
    const error = await trainer
      .step(new Float32Array(bad.inputs.length).fill(Number.NaN), bad.labels)
      .catch((e: unknown) => e);
    expect((error as NonFiniteLossError).resumedAt).toBe(0);
    expect(trainer.globalStep).toBe(0);
    expect(trainer.accumulatedMicroBatches).toBe(0);
    expect(bits(trainer.parameters())).toEqual(initial);
    await trainer.release();
  });

  it('range test: one step is one update over k batches, returning their mean loss; refused mid-window', async () => {
    const trainer = await mlpTrainer({ gradientAccumulationSteps: 2 });
    const reference = await mlpTrainer({ gradientAccumulationSteps: 2 });
    let next = 0;
    const rangeTrainer = trainer.asRangeTestTrainer({ nextBatch: () => micro(next++) });
    const start = await rangeTrainer.snapshot();
    const loss = await rangeTrainer.step(0.05);
    expect(next).toBe(2);
    expect(trainer.globalStep).toBe(1);
    const referenceLosses = await steps(reference, 0, 2);
    expect(loss).toBe(((referenceLosses[0] as number) + (referenceLosses[1] as number)) / 2);
    expect(bits(trainer.parameters())).toEqual(bits(reference.parameters()));
    await rangeTrainer.restore(start);
    expect(trainer.globalStep).toBe(0);
    await steps(trainer, 0, 1);
    await expect(rangeTrainer.step(0.05)).rejects.toThrow(
      'RangeTestTrainer.step: expected the trainer at an update boundary, got 1 of 2 micro-batches accumulated',
    );
    await Promise.all([trainer.release(), reference.release()]);
  });

  it('a state with an open window is refused by a trainer without accumulation', async () => {
    const trainer = await mlpTrainer({ gradientAccumulationSteps: 2 });
    const plain = await mlpTrainer();
    await steps(trainer, 0, 1);
    await expect(plain.restore(await trainer.snapshot())).rejects.toThrow(
      'OnnxTrainer.restore: expected a state without accumulation (this trainer has gradientAccumulationSteps 1), got 1 accumulated micro-batches',
    );
    await Promise.all([trainer.release(), plain.release()]);
  });
});
