// The runtime seam: the Node entry and the web entry export the same names (only OnnxTrainer
// differs, by its runtime and file methods), an explicit `runtime` trains exactly as the default
// one, and checkpoints as bytes resume exactly, with clear errors for bytes that are not one.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import * as nodeEntry from '../index.js';
import { dense, OnnxTrainer, relu, sequential } from '../index.js';
import { batchOf, fashion } from './helpers/fashion.js';

const train = fashion('train');
const options = {
  model: sequential({
    inputShape: [784],
    layers: [dense(16, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
  }),
  optimizer: { type: 'adam' },
  schedule: { policy: 'triangular', baseLr: 0.001, maxLr: 0.01, stepSize: 3 },
  seed: 3,
} as const;

async function steps(trainer: OnnxTrainer, from: number, count: number): Promise<number[]> {
  const losses: number[] = [];
  for (let step = from; step < from + count; step++) {
    const b = batchOf(train, (step * 16) % 512, 16);
    losses.push(await trainer.step(b.inputs, b.labels));
  }
  return losses;
}

describe('the runtime seam', () => {
  it('@cyclr/onnxruntime/web exports the same names as @cyclr/onnxruntime', async () => {
    const webEntry = await import('../web.js');
    expect(Object.keys(webEntry).sort()).toEqual(Object.keys(nodeEntry).sort());
    // Only the Node trainer writes and reads files.
    expect(typeof nodeEntry.OnnxTrainer.load).toBe('function');
    expect('load' in webEntry.OnnxTrainer).toBe(false);
    expect('save' in webEntry.OnnxTrainer.prototype).toBe(false);
    expect(typeof webEntry.OnnxTrainer.fromCheckpoint).toBe('function');
  });

  it('no module but the Node entry imports onnxruntime-node or a node: module', () => {
    // Everything the web entry can reach is portable: only these two are the Node entry's own.
    const nodeOnly = new Set(['index.ts', 'trainer/node-trainer.ts', 'checkpoint/atomic-write.ts']);
    const root = fileURLToPath(new URL('..', import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.startsWith('__tests__') && !nodeOnly.has(f),
    );
    expect(files).toContain('web.ts');
    for (const file of files) {
      const source = readFileSync(join(root, file), 'utf8');
      expect(source, file).not.toMatch(/from '(onnxruntime-node|node:[^']+)'/);
    }
  });

  it('an explicit runtime trains bit-identically to the default one', async () => {
    const byDefault = await OnnxTrainer.create(options);
    const explicit = await OnnxTrainer.create({ ...options, runtime: ortNode });
    expect(await steps(explicit, 0, 4)).toEqual(await steps(byDefault, 0, 4));
    expect(explicit.parameters()).toEqual(byDefault.parameters());
    await Promise.all([byDefault.release(), explicit.release()]);
  });

  it('checkpointBytes / fromCheckpoint resume bit-identically to a run that never stopped', async () => {
    const straight = await OnnxTrainer.create(options);
    await steps(straight, 0, 5);
    const bytes = straight.checkpointBytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    const resumed = await OnnxTrainer.fromCheckpoint(bytes, { runtime: ortNode });
    expect(resumed).toBeInstanceOf(OnnxTrainer);
    expect(resumed.globalStep).toBe(5);
    expect(await steps(resumed, 5, 3)).toEqual(await steps(straight, 5, 3));
    const a = resumed.parameters();
    for (const [name, values] of Object.entries(straight.parameters())) {
      expect(Buffer.from((a[name] as Float32Array).buffer)).toEqual(Buffer.from(values.buffer));
    }
    await Promise.all([straight.release(), resumed.release()]);
  });

  it('refuses what is not a checkpoint, naming the function and the flaw', async () => {
    await expect(OnnxTrainer.fromCheckpoint([1, 2, 3] as never)).rejects.toThrow(
      'OnnxTrainer.fromCheckpoint: expected bytes to be a Uint8Array, got [1, 2, 3]',
    );
    await expect(OnnxTrainer.fromCheckpoint(new Uint8Array(5))).rejects.toThrow(
      /^OnnxTrainer\.fromCheckpoint: expected the bytes to be a checkpoint written by OnnxTrainer\.checkpointBytes, but .*expected at least 8 bytes/,
    );
    const trainer = await OnnxTrainer.create(options);
    await expect(
      OnnxTrainer.fromCheckpoint(trainer.checkpointBytes(), { runtme: ortNode } as never),
    ).rejects.toThrow(
      'OnnxTrainer.fromCheckpoint: unknown option "runtme" in overrides (did you mean "runtime"?)',
    );
    await trainer.release();
    expect(() => trainer.checkpointBytes()).toThrow(
      'OnnxTrainer.checkpointBytes: the trainer was released',
    );
  });
});
