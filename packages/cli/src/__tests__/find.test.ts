import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { fromSpec } from '@cyclr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFindModules } from '../commands/find-modules.js';

/** This package's directory: where the CLI's own files are. */
const cliDirectory = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const findModulesFile = join(cliDirectory, 'src/commands/find-modules.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

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
    const result = await cyclr(
      'find',
      '--steps',
      '20',
      '--start-lr',
      '1e-4',
      '-o',
      'curve.svg',
      '--save',
      'result.json',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Range test on Fashion-MNIST subset \(12000 training images\)/);
    // What the report says the bounds came from is what they were computed from.
    const saved = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    const edgeLr = saved.suggestions.edge.lr as number;
    const robustLr = saved.suggestions.robust.lr as number;
    expect(saved.bounds.maxLr).toBeCloseTo(Math.max(edgeLr / 4, 2 * robustLr), 12);
    expect(result.stdout).toMatch(
      /\nbounds from the edge suggestion \(maxLr = max\(edge \/ 4, 2 x robust\), baseLr = maxLr \/ 4\): baseLr [\d.e-]+, maxLr [\d.e-]+\n/,
    );
    expect(result.stdout).toMatch(/\nsuggested lr: edge [\d.e-]+, robust [\d.e-]+, /);
    expect(result.stdout).toContain('saved result.json');

    // The saved result draws: the chart marks every suggestion and the bounds.
    const plotted = await cyclr('plot', 'result.json', '--out', 'result.svg');
    expect(plotted).toEqual({
      code: 0,
      stdout: `wrote result.svg (SVG, range test of ${saved.lrs.length} steps)\n`,
      stderr: '',
    });
    const chart = readFileSync(join(dir, 'result.svg'), 'utf8');
    for (const label of ['LR range test', 'edge ', 'robust ', 'valley ', 'baseLr ', 'maxLr ']) {
      expect(chart).toContain(label);
    }
    const terminal = await cyclr('plot', 'result.json');
    expect(terminal.stdout).toMatch(/suggested lr: edge [\d.e-]+, robust/);
    expect(terminal.stdout).toContain(`maxLr ${Number(saved.bounds.maxLr.toPrecision(3))}`);
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

  it('says what to install when a package inside an optional one is missing', async () => {
    const missing = Object.assign(
      new Error(
        "Cannot find package 'onnxruntime-node' imported from /app/node_modules/@cyclr/onnxruntime/dist/index.js",
      ),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    await expect(
      loadFindModules(dir, {
        onnxruntime: () => Promise.reject(missing),
        rangefinder: () => import('@cyclr/rangefinder'),
        datasets: () => import('@cyclr/datasets'),
      }),
    ).rejects.toThrow(
      `cyclr find needs the optional package onnxruntime-node (imported by /app/node_modules/@cyclr/onnxruntime/dist/index.js); install it in the project of ${dir} with: npm install @cyclr/onnxruntime onnxruntime-node @cyclr/rangefinder @cyclr/datasets`,
    );
  });

  it("looks in the working directory's project when a package is not next to the CLI, and says where it looked", async () => {
    // As in a global install: @cyclr/datasets is not beside the CLI, nor in this empty project.
    // A child process without pnpm's NODE_PATH (which would find the workspace's copy).
    const script = join(dir, 'load.mts');
    writeFileSync(
      script,
      `import { loadFindModules } from ${JSON.stringify(findModulesFile)};
const notBesideCli = Object.assign(new Error("Cannot find package '@cyclr/datasets' imported from /usr/lib/node_modules/@cyclr/cli/dist/commands/find-modules.js"), { code: 'ERR_MODULE_NOT_FOUND' });
await loadFindModules(process.cwd(), {
  onnxruntime: () => import('@cyclr/onnxruntime'),
  rangefinder: () => import('@cyclr/rangefinder'),
  datasets: () => Promise.reject(notBesideCli),
}).catch((error) => console.log(error.message));`,
    );
    const { NODE_PATH: _ignored, ...env } = process.env;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', tsx, '--conditions=@cyclr/source', script],
      { cwd: dir, env },
    );
    expect(stdout.trim()).toBe(
      `cyclr find needs the optional package @cyclr/datasets; looked next to the CLI (${cliDirectory}) and in the project of ${dir} (node_modules there and in its parent directories); install it in your project with: npm install @cyclr/onnxruntime onnxruntime-node @cyclr/rangefinder @cyclr/datasets`,
    );
  });
});
