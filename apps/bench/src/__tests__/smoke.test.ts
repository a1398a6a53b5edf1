import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../config.js';
import type { BenchResults } from '../results.js';

const exec = promisify(execFile);
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const main = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Runs the bench as a user would (tsx, source condition), in a child process. */
async function bench(...flags: string[]) {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      [tsxCli, '--conditions=@cyclr/source', main, ...flags],
      { env: { ...process.env, INIT_CWD: tmpdir() }, maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** docs/architecture.md, "Bench results": the fields of every run, no more, no fewer. */
const RUN_FIELDS = [
  'backend',
  'curve',
  'dataset',
  'finalAccuracy',
  'iterations',
  'model',
  'msPerStep',
  'policy',
  'seed',
  'spec',
];

function checkResults(results: BenchResults, policies: readonly string[], iterations: number) {
  expect(Object.keys(results)).toContain('runs');
  expect(results.runs).toHaveLength(policies.length * results.protocol.seeds.length);
  for (const run of results.runs) {
    expect(Object.keys(run).sort()).toEqual(RUN_FIELDS);
    expect(policies).toContain(run.policy);
    expect(run.spec.policy).toBe(run.policy);
    expect(run.backend).toBe('onnxruntime');
    expect(run.dataset).toBe('fashion-mnist-subset');
    expect(run.model).toBe('mlp');
    expect(Number.isInteger(run.seed)).toBe(true);
    expect(run.iterations).toBe(iterations);
    // Evaluated at 0, every evalEvery iterations, and at the end.
    const { evalEvery, testExamples } = results.protocol;
    const expectedIterations = Array.from(
      { length: Math.ceil(iterations / evalEvery) },
      (_, k) => k * evalEvery,
    ).concat(iterations);
    expect(run.curve.map(([iteration]) => iteration)).toEqual(expectedIterations);
    expect(run.curve[run.curve.length - 1]).toEqual([iterations, run.finalAccuracy]);
    // Counted over the whole test set: accuracy x testExamples is a whole number of examples.
    for (const [, accuracy] of run.curve) {
      expect(Math.abs(accuracy * testExamples - Math.round(accuracy * testExamples))).toBeLessThan(
        1e-6,
      );
    }
    expect(run.msPerStep).toBeGreaterThan(0);
  }
}

describe('pnpm bench --quick (end to end, real ONNX training)', () => {
  let full: BenchResults | undefined;

  it('writes results.json per docs/architecture.md, a report, SVG charts and an HTML page', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cyclr-bench-smoke-'));
    const { code, stdout, stderr } = await bench('--quick', '--workers', '2', '--out', out);
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/final test acc \(mean ± std\)/);
    expect(stdout).toMatch(/Target: .* best baseline/);

    expect((await readdir(out)).sort()).toEqual(
      [
        'accuracy.svg',
        'bench-config.json',
        'frontier.svg',
        'grid.svg',
        'index.html',
        'lr.svg',
        'range-test.svg',
        'report.md',
        'results.json',
        'trials',
      ].sort(),
    );
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as BenchResults;
    checkResults(results, DEFAULT_POLICIES, 120);
    // Training for real: far above chance (10%) even in 120 iterations.
    for (const run of results.runs) expect(run.finalAccuracy).toBeGreaterThan(0.6);
    // The cyclic policies train with the range test's bounds, as results.json says they did.
    const rangeBounds = results.rangeTest?.bounds;
    for (const run of results.runs.filter((r) => r.policy === 'triangular')) {
      expect(run.spec).toMatchObject({ baseLr: rangeBounds?.baseLr, maxLr: rangeBounds?.maxLr });
    }
    expect(Object.keys(results.tuning.chosen).sort()).toEqual([
      'constant',
      'cosine',
      'exponential',
      'step',
    ]);
    expect(results.summary.policies.map((p) => p.policy)).toEqual([...DEFAULT_POLICIES]);

    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/## Protocol/);
    expect(report).toMatch(/validation examples carved from the training set/);
    expect(report).toMatch(/## Equal total compute/);
    expect(results.frontier.rows.map((row) => row.multiple)).toEqual([1, 2, 5]);
    for (const svg of ['accuracy.svg', 'lr.svg', 'range-test.svg', 'grid.svg', 'frontier.svg']) {
      expect(await readFile(join(out, svg), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/);
      expect(report).toContain(`(${svg})`);
    }
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5);
    // The page has the report's tables: the budget fractions with each policy's row.
    expect(html).toContain('<h2>Test accuracy at fractions of the budget (seed mean)</h2>');
    expect(html).toContain('<th>25% (');
    full = results;
  });

  it('gives the same numbers in this thread as on 2 worker threads, whatever else runs', async () => {
    expect(full).toBeDefined();
    const out = await mkdtemp(join(tmpdir(), 'cyclr-bench-inline-'));
    const { code } = await bench(
      '--quick',
      '--policies',
      'cosine,oneCycle',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(code).toBe(0);
    const inline = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as BenchResults;
    checkResults(inline, ['cosine', 'oneCycle'], 120);
    const withoutTime = (runs: BenchResults['runs']) => runs.map(({ msPerStep: _, ...run }) => run);
    expect(withoutTime(inline.runs)).toEqual(
      withoutTime(
        (full as BenchResults).runs.filter((run) => ['cosine', 'oneCycle'].includes(run.policy)),
      ),
    );
  });

  // Kept to 2 runs of 30 steps (cosine, one grid point, no range test): a BN ResNet step is
  // ~100x an MLP step on CPU; the suite's policies and protocol are the default suite's.
  it('--suite paper --quick trains the BN ResNet (tiny budget)', { timeout: 300_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'cyclr-bench-paper-'));
    const { code, stderr } = await bench(
      '--suite',
      'paper',
      '--quick',
      '--policies',
      'cosine',
      '--iters',
      '30',
      '--eval-every',
      '30',
      '--grid',
      '0.1',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as BenchResults;
    expect(results.protocol.model).toBe('resnet');
    expect(results.runs.map((run) => run.policy)).toEqual(['cosine']);
    // 30 steps of a BN ResNet from scratch: well above chance (10%), nowhere near converged.
    for (const run of results.runs) expect(run.finalAccuracy).toBeGreaterThan(0.3);
  });

  it('fails with one line naming a bad data directory', async () => {
    const missing = await bench('--quick', '--data', '/nonexistent/fmnist');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      'cyclr bench: loadFashionMnist: directory /nonexistent/fmnist does not exist',
    );
  });
});
