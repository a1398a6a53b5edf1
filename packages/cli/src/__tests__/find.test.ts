import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSpec } from '@cyclr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFindModules } from '../commands/find-modules.js';
import { inProcessCli } from './in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'cyclr-find-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cyclr = inProcessCli(dir);

interface TriangularJson {
  baseLr: number;
  maxLr: number;
  stepSize: number;
}

interface OneCycleJson {
  maxLr: number;
  totalSteps: number;
}

interface FindJson {
  lrs: number[];
  losses: number[];
  reason: string;
  bounds: { baseLr: number; maxLr: number };
  specs: { triangular: { policy: string }; oneCycle: { policy: string } };
}

// These train a real MLP on the built-in Fashion-MNIST subset with onnxruntime (a short sweep:
// about a second each).
describe('cyclr find', () => {
  it('runs the range test and prints bounds and specs that core accepts', async () => {
    const result = await cyclr('find', '--steps', '30', '--start-lr', '1e-4', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const printed = JSON.parse(result.stdout) as FindJson;
    expect(printed.lrs[0]).toBe(1e-4);
    expect(printed.lrs.length).toBeLessThanOrEqual(30);
    expect(printed.losses.every((loss) => loss > 0)).toBe(true);
    // The bounds come from the rates this sweep tried (edge / 4, at least 2 x robust), so they
    // lie inside it: a CLI that scaled or swapped them would land outside.
    const { baseLr, maxLr } = printed.bounds;
    expect(baseLr).toBeGreaterThanOrEqual(printed.lrs[0] as number);
    expect(maxLr).toBeLessThanOrEqual(printed.lrs.at(-1) as number);
    // The specs carry the bounds at 3 significant digits, and one epoch length: a triangular
    // half cycle of 4 epochs, a 1cycle of 10.
    const triangular = printed.specs.triangular as unknown as TriangularJson;
    const oneCycle = printed.specs.oneCycle as unknown as OneCycleJson;
    expect(triangular.baseLr).toBe(Number(baseLr.toPrecision(3)));
    expect(triangular.maxLr).toBe(Number(maxLr.toPrecision(3)));
    expect(oneCycle.maxLr).toBe(triangular.maxLr);
    expect(triangular.stepSize * 10).toBe(oneCycle.totalSteps * 4);
    expect(fromSpec(printed.specs.triangular).lr(triangular.stepSize)).toBe(triangular.maxLr);
  });

  it('prints a summary and writes the loss curve with the bounds marked', async () => {
    const result = await cyclr('find', '--steps', '20', '--start-lr', '1e-4', '-o', 'curve.svg');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Range test on Fashion-MNIST subset \(12000 training images\)/);
    expect(result.stdout).toMatch(
      /\nbounds from the robust suggestion: baseLr [\d.e-]+, maxLr [\d.e-]+\n/,
    );
    expect(result.stdout).toContain(`cyclr plot '{"policy":"triangular","baseLr":`);
    expect(result.stdout).toContain('wrote curve.svg');
    const svg = readFileSync(join(dir, 'curve.svg'), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('LR range test');
    expect(svg).toContain('maxLr ');
  });

  it.each([
    [
      ['find', '--optimizer', 'rmsprop'],
      2,
      'cyclr: expected --optimizer to be "sgd" or "adam", got "rmsprop"',
    ],
    [
      ['find', '--start-lr', '1', '--end-lr', '0.1'],
      2,
      'cyclr: expected --end-lr to be greater than --start-lr (1), got 0.1',
    ],
    [
      ['find', '--momentum', '1.5'],
      2,
      'cyclr: expected --momentum to be a number in [0, 1), got "1.5"',
    ],
    [
      ['find', '--data', '/nonexistent/fashion'],
      1,
      'cyclr: loadFashionMnist: directory /nonexistent/fashion does not exist',
    ],
  ] as const)('%j exits %i with one line', async (args, code, line) => {
    const result = await cyclr(...args);
    expect(result).toEqual({ code, stdout: '', stderr: `${line}\n` });
  });

  it('says what to install when an optional package is missing', async () => {
    const missing = Object.assign(
      new Error(
        "Cannot find package 'onnxruntime-node' imported from /app/node_modules/@cyclr/onnxruntime/dist/index.js",
      ),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    await expect(
      loadFindModules({
        onnxruntime: () => Promise.reject(missing),
        rangefinder: () => import('@cyclr/rangefinder'),
        datasets: () => import('@cyclr/datasets'),
      }),
    ).rejects.toThrow(
      'cyclr find needs the optional package onnxruntime-node; install it with: npm install @cyclr/onnxruntime onnxruntime-node @cyclr/rangefinder @cyclr/datasets',
    );
  });
});
