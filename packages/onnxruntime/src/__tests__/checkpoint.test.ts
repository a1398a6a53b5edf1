// Checkpoints: a run killed after a save and resumed in another process continues bit-identically;
// damaged files are refused with one error; writes are atomic.

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromFunction } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../checkpoint/safetensors.js';
import { dense, loadForwardModel, OnnxTrainer, relu, sequential } from '../index.js';
import { createRun, trainSteps } from './helpers/checkpoint-run.js';
import { fashion } from './helpers/fashion.js';

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, '../..');
const tsxArgs = ['--import', 'tsx', '--conditions=@cyclr/source'];
const dir = mkdtempSync(join(tmpdir(), 'cyclr-checkpoint-'));
const TOTAL = 16;
const STOP = 9;

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

describe('checkpoints', () => {
  it('a run saved by another process and resumed here is bit-identical to one that never stopped', async () => {
    const path = join(dir, 'run.safetensors');
    const { stdout } = await run(
      process.execPath,
      [...tsxArgs, join(import.meta.dirname, 'helpers/checkpoint-child.ts'), path, String(STOP)],
      { cwd: packageDir },
    );
    const firstLosses: number[] = JSON.parse(stdout);

    const resumed = await OnnxTrainer.load(path);
    expect(resumed.globalStep).toBe(STOP);
    const restLosses = await trainSteps(resumed, STOP, TOTAL);

    const straight = await createRun();
    const straightLosses = await trainSteps(straight, 0, TOTAL);
    expect([...firstLosses, ...restLosses]).toEqual(straightLosses);
    const a = resumed.parameters();
    const b = straight.parameters();
    for (const name of Object.keys(b)) {
      expect(sameBits(a[name] as Float32Array, b[name] as Float32Array), name).toBe(true);
    }
    const bufferA = resumed.buffers();
    const bufferB = straight.buffers();
    expect(Object.keys(bufferB).length).toBeGreaterThan(0);
    for (const name of Object.keys(bufferB)) {
      expect(sameBits(bufferA[name] as Float32Array, bufferB[name] as Float32Array), name).toBe(
        true,
      );
    }
    const stateA = await resumed.snapshot();
    const stateB = await straight.snapshot();
    for (const name of Object.keys(stateB.optimizerState)) {
      const x = stateA.optimizerState[name] as Float32Array;
      expect(sameBits(x, stateB.optimizerState[name] as Float32Array), name).toBe(true);
    }
    await Promise.all([resumed.release(), straight.release()]);
  }, 60_000);

  it('is a safetensors file: parameters under their own names, the rest as string metadata', async () => {
    const trainer = await createRun();
    await trainSteps(trainer, 0, 2);
    const path = join(dir, 'layout.safetensors');
    await trainer.save(path);
    const file = decodeSafetensors(readFileSync(path));
    expect(file.metadata.format).toBe('cyclr-onnxruntime-checkpoint');
    expect(JSON.parse(file.metadata.trainer ?? '{}')).toMatchObject({ globalStep: 2, seed: 7 });
    const weight = file.tensors.get('dense0.weight');
    expect(weight?.dtype).toBe('F32');
    expect(weight?.shape).toEqual([784, 24]);
    expect(file.tensors.has('optimizer_state/dense0.weight.exp_avg')).toBe(true);
    expect([...file.tensors.keys()].some((k) => k.startsWith('buffer/'))).toBe(true);
    // No temporary file is left beside it.
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    await trainer.release();
  });

  it('refuses truncated and corrupt files with one error, naming the file', async () => {
    const trainer = await createRun();
    const path = join(dir, 'good.safetensors');
    await trainer.save(path);
    await trainer.release();
    const good = readFileSync(path);
    const truncated = join(dir, 'truncated.safetensors');
    writeFileSync(truncated, good.subarray(0, good.length - 100));
    await expect(OnnxTrainer.load(truncated)).rejects.toThrow(
      /OnnxTrainer\.load: expected '.*truncated\.safetensors' to be a checkpoint written by OnnxTrainer\.save, but tensor '.*' ends at byte \d+ of a \d+-byte buffer \(truncated\?\)/,
    );
    const header = join(dir, 'header.safetensors');
    const corrupt = Buffer.from(good);
    corrupt[8] = 0x78; // 'x' for the header's opening '{'
    writeFileSync(header, corrupt);
    await expect(OnnxTrainer.load(header)).rejects.toThrow(/header is not valid JSON/);
    const length = join(dir, 'length.safetensors');
    const wrongLength = Buffer.from(good);
    wrongLength.writeBigUInt64LE(BigInt(good.length), 0);
    writeFileSync(length, wrongLength);
    await expect(OnnxTrainer.load(length)).rejects.toThrow(
      /runs past the end of the \d+-byte file/,
    );
    const notOurs = join(dir, 'not-ours.safetensors');
    const json = '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const other = Buffer.alloc(8 + json.length + 4);
    other.writeBigUInt64LE(BigInt(json.length), 0);
    other.write(json, 8);
    writeFileSync(notOurs, other);
    await expect(OnnxTrainer.load(notOurs)).rejects.toThrow(
      /metadata format is undefined, expected 'cyclr-onnxruntime-checkpoint'/,
    );
    const tiny = join(dir, 'tiny.safetensors');
    writeFileSync(tiny, good.subarray(0, 5));
    await expect(OnnxTrainer.load(tiny)).rejects.toThrow(/expected at least 8 bytes/);
    await expect(OnnxTrainer.load(join(dir, 'absent.safetensors'))).rejects.toThrow(
      /OnnxTrainer\.load: cannot read '.*absent\.safetensors' \(ENOENT/,
    );
    await expect(OnnxTrainer.load(path, { scheduel: {} } as never)).rejects.toThrow(
      'OnnxTrainer.load: unknown option "scheduel" in overrides (did you mean "schedule"?)',
    );
  });

  it('a failed save throws and leaves no temporary file; a later save replaces the file', async () => {
    const trainer = await createRun();
    const path = join(dir, 'kept.safetensors');
    await trainer.save(path);
    const before = readFileSync(path);
    await trainSteps(trainer, 0, 1);
    // A path in a missing folder: the write fails, the existing checkpoint is untouched.
    await expect(trainer.save(join(dir, 'missing', 'x.safetensors'))).rejects.toThrow(/ENOENT/);
    expect(readFileSync(path).equals(before)).toBe(true);
    await trainer.save(path);
    expect(readFileSync(path).equals(before)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    await trainer.release();
  });

  it('saveInferenceModel writes the inference ONNX model', async () => {
    const trainer = await createRun();
    await trainSteps(trainer, 0, 2);
    const path = join(dir, 'model.onnx');
    await trainer.saveInferenceModel(path);
    const loaded = loadForwardModel(readFileSync(path));
    const weight = loaded.params.find((p) => p.name === 'dense0.weight');
    expect(
      sameBits(weight?.data as Float32Array, trainer.parameters()['dense0.weight'] as Float32Array),
    ).toBe(true);
    await trainer.release();
  });

  it('a committed version-1 checkpoint loads, and PyTorch running its weights agrees', async () => {
    // fixtures/checkpoint-v1.json: read by make_checkpoint_fixture.py with its own parser.
    const fixtures = join(import.meta.dirname, 'fixtures');
    const expected = JSON.parse(readFileSync(join(fixtures, 'checkpoint-v1.json'), 'utf8'));
    const trainer = await OnnxTrainer.load(join(fixtures, 'checkpoint-v1.safetensors'));
    expect(trainer.globalStep).toBe(expected.globalStep);
    const test = fashion('test');
    const { loss, accuracy } = await trainer.evaluate(test.inputs, test.labels);
    expect(Math.abs(loss - expected.testLoss)).toBeLessThan(1e-5);
    expect(accuracy).toBe(expected.testAccuracy);
    await trainSteps(trainer, expected.globalStep, expected.globalStep + 1);
    await trainer.release();
  });

  it('loaded ONNX models (int64 constants, Conv attributes, buffers) save and resume exactly', async () => {
    const fixtures = join(import.meta.dirname, 'fixtures');
    for (const [file, shape, classes] of [
      ['loader-bn-view-opset15.onnx', [1, 6, 6], 3],
      ['torch-cnn-export.onnx', [1, 28, 28], 10],
    ] as const) {
      const options = {
        model: new Uint8Array(readFileSync(join(fixtures, file))),
        optimizer: { type: 'sgd', momentum: 0.9 },
        schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.05, stepSize: 3 },
        seed: 3,
      } as const;
      const rows = 4;
      const inputs = Float32Array.from(
        { length: rows * shape.reduce((a: number, b: number) => a * b, 1) },
        (_, i) => Math.sin(i),
      );
      const labels = Int32Array.from({ length: rows }, (_, i) => i % classes);
      const straight = await OnnxTrainer.create(options);
      for (let i = 0; i < 2; i++) await straight.step(inputs, labels);
      const path = join(dir, `${file}.safetensors`);
      await straight.save(path);
      const resumed = await OnnxTrainer.load(path);
      for (let i = 0; i < 2; i++) {
        expect(await resumed.step(inputs, labels), file).toBe(await straight.step(inputs, labels));
      }
      const a = resumed.parameters();
      for (const [name, values] of Object.entries(straight.parameters())) {
        expect(sameBits(a[name] as Float32Array, values), `${file} ${name}`).toBe(true);
      }
      await Promise.all([straight.release(), resumed.release()]);
    }
  });

  it('optimizer controls and freeze (RegExps too) are saved and restored: the same graph, the same run', async () => {
    const straight = await OnnxTrainer.create({
      model: sequential({
        inputShape: [784],
        layers: [dense(16), relu(), dense(8), relu(), dense(10)],
      }),
      optimizer: {
        type: 'adamw',
        weightDecay: 0.05,
        clipNorm: 0.5,
        weightDecayFilter: 'exclude1d',
        paramGroups: [
          { params: /^dense1\./i, lrMultiplier: 0.3 },
          { params: ['dense2.*'], lrMultiplier: 2, weightDecay: 0.01 },
        ],
      },
      schedule: { policy: 'oneCycle', maxLr: 0.01, totalSteps: 20 },
      freeze: 'dense0.*',
      seed: 5,
    });
    await trainSteps(straight, 0, 3);
    const path = join(dir, 'controls.safetensors');
    await straight.save(path);
    const resumed = await OnnxTrainer.load(path);
    expect(
      Buffer.from(resumed.trainStepModel()).equals(Buffer.from(straight.trainStepModel())),
    ).toBe(true);
    expect(await trainSteps(resumed, 3, 6)).toEqual(await trainSteps(straight, 3, 6));
    const a = resumed.parameters();
    const b = straight.parameters();
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(b)).toContain('dense0.weight');
    for (const [name, values] of Object.entries(b)) {
      expect(sameBits(a[name] as Float32Array, values), name).toBe(true);
    }
    await Promise.all([straight.release(), resumed.release()]);
  });

  it('a schedule made by a function is not data: load asks for overrides.schedule', async () => {
    const trainer = await OnnxTrainer.create({
      model: sequential({ inputShape: [784], layers: [dense(10)] }),
      optimizer: { type: 'sgd' },
      schedule: fromFunction((step) => 0.01 / (1 + step)),
    });
    const path = join(dir, 'function.safetensors');
    await trainer.save(path);
    await trainer.release();
    await expect(OnnxTrainer.load(path)).rejects.toThrow(
      /has no schedule spec \(it was made by fromFunction\); pass overrides\.schedule/,
    );
    const resumed = await OnnxTrainer.load(path, { schedule: { policy: 'constant', lr: 0.01 } });
    expect(resumed.hyperParameters().learningRate).toBe(0.01);
    await resumed.release();
  });

  it('a process killed while saving in a loop always leaves a loadable checkpoint', async () => {
    const path = join(dir, 'killed.safetensors');
    for (const delay of [150, 400, 700]) {
      const child = spawn(
        process.execPath,
        [...tsxArgs, join(import.meta.dirname, 'helpers/checkpoint-saver.ts'), path],
        { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`saver exited early (${code})`)));
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const trainer = await OnnxTrainer.load(path);
      expect(trainer.globalStep).toBeGreaterThanOrEqual(0);
      await trainer.release();
    }
  }, 60_000);
});
