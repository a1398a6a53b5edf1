// Checkpoints of trainers with a plateau or hyperParameters schedules: saved mid-run by another
// process and resumed here, they continue bit-identically to the run that never stopped (losses,
// evaluations, the plateau's multiplier and state, weights, optimizer state).

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromFunction } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../checkpoint/safetensors.js';
import { dense, OnnxTrainer, sequential } from '../index.js';
import {
  REPORT_EVERY,
  RUNS,
  type RunName,
  type RunRecord,
  trainRecorded,
} from './helpers/checkpoint-schedules-run.js';

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, '../..');
const tsxArgs = ['--import', 'tsx', '--conditions=@cyclr/source'];
const dir = mkdtempSync(join(tmpdir(), 'cyclr-checkpoint-schedules-'));
const TOTAL = 30;
// Where the plateau run is stopped (reports after steps 3, 6, 9, ...; reductions at 9, 18, 27):
// at 10 a cooldown is running; at 16 one bad report is counted against a best of step 12, so the
// reduction at 18 happens only if both are restored. Neither is on a report boundary.
const PLATEAU_STOPS = [10, 16];
const STOP = 16;

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

/** Trains STOP steps in a child process that saves and exits; loads and trains the rest here. */
async function stopAndResume(name: RunName, stop = STOP) {
  const path = join(dir, `${name}-${stop}.safetensors`);
  const { stdout } = await run(
    process.execPath,
    [
      ...tsxArgs,
      join(import.meta.dirname, 'helpers/checkpoint-schedules-child.ts'),
      name,
      path,
      String(stop),
    ],
    { cwd: packageDir },
  );
  const first: RunRecord = JSON.parse(stdout);
  const resumed = await OnnxTrainer.load(path);
  expect(resumed.globalStep).toBe(stop);
  const atLoad = { plateau: resumed.plateau?.state(), hyper: resumed.hyperParameters() };
  const rest = await trainRecorded(resumed, stop, TOTAL);
  const straight = await RUNS[name]();
  const before = await trainRecorded(straight, 0, stop);
  const atStop = straight.plateau?.state();
  const after = await trainRecorded(straight, stop, TOTAL);
  const whole: RunRecord = {
    losses: [...before.losses, ...after.losses],
    evaluations: [...before.evaluations, ...after.evaluations],
    multipliers: [...before.multipliers, ...after.multipliers],
  };
  const joined: RunRecord = {
    losses: [...first.losses, ...rest.losses],
    evaluations: [...first.evaluations, ...rest.evaluations],
    multipliers: [...first.multipliers, ...rest.multipliers],
  };
  return { path, first, atLoad, atStop, joined, whole, resumed, straight };
}

async function expectSameTrainers(a: OnnxTrainer, b: OnnxTrainer) {
  const [stateA, stateB] = await Promise.all([a.snapshot(), b.snapshot()]);
  expect(stateA.globalStep).toBe(stateB.globalStep);
  for (const field of ['params', 'optimizerState'] as const) {
    const names = Object.keys(stateB[field]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const x = stateA[field][name] as Float32Array;
      expect(sameBits(x, stateB[field][name] as Float32Array), `${field} ${name}`).toBe(true);
    }
  }
}

describe('checkpoints with a plateau or hyperParameters schedules', () => {
  it('a plateau that reduces before and after the save resumes in another process exactly', async () => {
    for (const stop of PLATEAU_STOPS) {
      const { path, first, atLoad, atStop, joined, whole, resumed, straight } = await stopAndResume(
        'plateau',
        stop,
      );
      // The run exercises the state: reductions on both sides of the save.
      const reports = Math.floor(stop / REPORT_EVERY);
      expect(first.multipliers).toHaveLength(reports);
      expect(first.multipliers.at(-1), `stop ${stop}`).toBe(0.5);
      expect(whole.multipliers.at(-1), `stop ${stop}`).toBe(0.125);
      expect(atLoad.plateau, `stop ${stop}`).toEqual(atStop);
      expect(atStop, `stop ${stop}`).toMatchObject(
        stop === 10 ? { cooldownLeft: 1, badReports: 0 } : { cooldownLeft: 0, badReports: 1 },
      );
      expect(joined, `stop ${stop}`).toEqual(whole);
      expect(resumed.plateau?.state()).toEqual(straight.plateau?.state());
      expect(resumed.plateau?.options).toEqual(straight.plateau?.options);
      expect(resumed.hyperParameters(TOTAL - 1)).toEqual(straight.hyperParameters(TOTAL - 1));
      await expectSameTrainers(resumed, straight);
      // Version 2 holds the plateau: its options with the defaults filled in, and the state.
      const file = decodeSafetensors(readFileSync(path));
      expect(file.metadata.version).toBe('2');
      expect(JSON.parse(file.metadata.trainer ?? '{}').plateau).toMatchObject({
        monitor: 'loss',
        mode: 'min',
        patience: 1,
        factor: 0.5,
        threshold: 0.2,
        thresholdMode: 'rel',
        cooldown: 1,
        minLr: 0,
        eps: 1e-8,
        state: { reports },
      });
      await Promise.all([resumed.release(), straight.release()]);
    }
  }, 90_000);

  it('scheduled weightDecay and beta2 resume in another process exactly', async () => {
    const { path, atLoad, joined, whole, resumed, straight } =
      await stopAndResume('hyperParameters');
    // The values the schedules give at the save (cosine weight decay, beta2's table between
    // its boundaries 6 and 20), read off the specs by hand.
    expect(atLoad.hyper.beta2).toBe(0.995);
    expect(atLoad.hyper.weightDecay).toBeCloseTo(0.025 * (1 + Math.cos((Math.PI * STOP) / 30)), 15);
    expect(joined.losses).toEqual(whole.losses);
    expect(resumed.hyperParameters(TOTAL - 1)).toEqual(straight.hyperParameters(TOTAL - 1));
    await expectSameTrainers(resumed, straight);
    const file = decodeSafetensors(readFileSync(path));
    expect(file.metadata.version).toBe('2');
    expect(JSON.parse(file.metadata.trainer ?? '{}').hyperParameters).toEqual({
      weightDecay: { policy: 'cosine', lr: 0.05, totalSteps: 30, minLr: 0 },
      beta2: { policy: 'table', values: [0.99, 0.995, 0.999], boundaries: [6, 20] },
    });
    await Promise.all([resumed.release(), straight.release()]);
  }, 60_000);

  it('a hyperParameters schedule made by a function needs overrides.hyperParameters', async () => {
    const trainer = await OnnxTrainer.create({
      model: sequential({ inputShape: [784], layers: [dense(10)] }),
      optimizer: { type: 'adam' },
      schedule: { policy: 'constant', lr: 1e-3 },
      hyperParameters: {
        weightDecay: fromFunction((step) => 1e-3 / (1 + step)),
        beta2: { policy: 'constant', lr: 0.99 },
      },
    });
    const path = join(dir, 'function-hyper.safetensors');
    await trainer.save(path);
    await trainer.release();
    await expect(OnnxTrainer.load(path)).rejects.toThrow(
      /OnnxTrainer\.load: '.*function-hyper\.safetensors' has no spec for hyperParameters\.weightDecay \(it was made by fromFunction\); pass overrides\.hyperParameters\.weightDecay/,
    );
    await expect(
      OnnxTrainer.load(path, { hyperParameters: { weightdecay: {} } as never }),
    ).rejects.toThrow(
      'OnnxTrainer.load: unknown option "weightdecay" in overrides.hyperParameters (did you mean "weightDecay"?); expected one of weightDecay, beta2',
    );
    // An override replaces its entry only; the saved beta2 schedule stays.
    const resumed = await OnnxTrainer.load(path, {
      hyperParameters: { weightDecay: { policy: 'constant', lr: 2e-3 } },
    });
    expect(resumed.hyperParameters()).toMatchObject({ weightDecay: 2e-3, beta2: 0.99 });
    await resumed.release();
  });

  it('a trainer with neither still writes version 1; unknown versions and malformed version-2 fields are refused', async () => {
    const trainer = await OnnxTrainer.create({
      model: sequential({ inputShape: [784], layers: [dense(10)] }),
      optimizer: { type: 'sgd' },
      schedule: { policy: 'constant', lr: 0.01 },
    });
    const path = join(dir, 'plain.safetensors');
    await trainer.save(path);
    await trainer.release();
    const file = decodeSafetensors(readFileSync(path));
    expect(file.metadata.version).toBe('1');
    const trainerJson = JSON.parse(file.metadata.trainer ?? '{}');
    expect(trainerJson).not.toHaveProperty('plateau');
    expect(trainerJson).not.toHaveProperty('hyperParameters');
    // A version this release does not know, and a version-2 plateau that is not an object.
    const rewritten = (name: string, metadata: Record<string, string>) => {
      const other = join(dir, name);
      writeFileSync(
        other,
        encodeSafetensors({ tensors: file.tensors, metadata: { ...file.metadata, ...metadata } }),
      );
      return other;
    };
    await expect(OnnxTrainer.load(rewritten('v3.safetensors', { version: '3' }))).rejects.toThrow(
      /but checkpoint version "3"; this version reads 1 and 2/,
    );
    const plateau = JSON.stringify({ ...trainerJson, plateau: 0.5 });
    await expect(
      OnnxTrainer.load(rewritten('bad-plateau.safetensors', { version: '2', trainer: plateau })),
    ).rejects.toThrow(/but metadata 'trainer' has a plateau that is not an object/);
  });
});
