import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSpec, listPolicies } from '@cyclr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessCli } from './in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'cyclr-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cyclr = inProcessCli(dir);

describe('cyclr values', () => {
  it('evaluates steps start .. start + steps - 1 of a spec file', async () => {
    const spec = { policy: 'triangular', baseLr: 0.001, maxLr: 0.006, stepSize: 4 };
    writeFileSync(join(dir, 'triangular.json'), JSON.stringify(spec));
    const result = await cyclr('values', 'triangular.json', '--steps', '5', '--start', '3');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const schedule = fromSpec(spec);
    expect(JSON.parse(result.stdout)).toEqual({
      lr: [3, 4, 5, 6, 7].map((step) => schedule.lr(step)),
    });
  });

  it('defaults --steps to the rest of the schedule, totalSteps - start', async () => {
    const spec = '{"policy": "oneCycle", "maxLr": 1, "totalSteps": 12}';
    const whole = JSON.parse((await cyclr('values', spec)).stdout) as { lr: number[] };
    const rest = JSON.parse((await cyclr('values', spec, '--start', '9')).stdout) as {
      lr: number[];
      momentum: number[];
    };
    expect(whole.lr).toHaveLength(12);
    expect(rest.lr).toEqual(whole.lr.slice(9));
    expect(rest.momentum).toHaveLength(3);
  });
});

describe('cyclr plot (terminal)', () => {
  it('draws lr and, for 1cycle, momentum', async () => {
    const result = await cyclr('plot', '{"policy": "oneCycle", "maxLr": 0.1, "totalSteps": 1000}');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^lr {2}\(min 4e-7, max 0\.1,/);
    expect(result.stdout).toContain('\nmomentum  (min 0.85, max 0.95,');
    expect(result.stdout).toMatch(/\n {7}0\.1 ┼ +╭─+╮/);
    expect(result.stdout).toContain('step 999');
  });

  it('draws a constant as one labelled row', async () => {
    const result = await cyclr('plot', '{"policy": "constant", "lr": 0.1}', '-n', '10');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('       0.1 ┼───');
    expect(result.stdout).toContain('step 9');
  });

  it('draws peaks at their true height', async () => {
    const result = await cyclr(
      'plot',
      '{"policy": "triangular2", "baseLr": 0.001, "maxLr": 0.006, "stepSize": 100}',
      '-n',
      '1000',
    );
    const rows = result.stdout.split('\n');
    expect(rows[1]).toMatch(/^\s+0\.006 [┤┼]\s*╭╮/);
    expect(result.stdout).not.toContain('band');
  });

  it('draws cycles shorter than a column as a band instead of an aliased wave', async () => {
    const result = await cyclr(
      'plot',
      '{"policy": "triangular", "baseLr": 0.001, "maxLr": 0.006, "stepSize": 3}',
      '-n',
      '5000',
    );
    expect(result.stdout).toContain('min/max band');
    const rows = result.stdout.split('\n');
    expect(rows.find((row) => row.includes('0.006 ┼'))).toMatch(/0\.006 ┼─{60}/);
  });
});

describe('cyclr plot --out', () => {
  it('writes a PNG (resvg rasterizes the SVG)', async () => {
    const result = await cyclr(
      'plot',
      '{"policy": "oneCycle", "maxLr": 0.1, "totalSteps": 1000}',
      '--out',
      'x.png',
    );
    expect(result).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'wrote x.png (PNG, steps 0-999)\n',
    });
    const png = readFileSync(join(dir, 'x.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
  });
});

describe('cyclr policies', () => {
  it('--json lists every registered policy, machine-readable', async () => {
    const result = await cyclr('policies', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const parsed = JSON.parse(result.stdout) as { name: string; params: { name: string }[] }[];
    expect(parsed.map((policy) => policy.name)).toEqual(
      listPolicies().map((policy) => policy.name),
    );
    const triangular = parsed.find((policy) => policy.name === 'triangular');
    expect(triangular?.params).toContainEqual(
      expect.objectContaining({ name: 'stepSizeDown', defaultDoc: '= stepSize', required: false }),
    );
  });

  it('lists every registered policy with its parameters', async () => {
    const result = await cyclr('policies');
    expect(result.code).toBe(0);
    for (const policy of listPolicies()) {
      expect(result.stdout).toMatch(new RegExp(`(^|\\n)${policy.name}: `));
      for (const name of Object.keys(policy.params)) {
        expect(result.stdout).toMatch(new RegExp(`\\n  ${name} +(required|default|optional)`));
      }
    }
  });

  it('lists the policies of issue 15 by name', async () => {
    const { stdout } = await cyclr('policies');
    for (const name of ['inverseSqrt', 'inverseTime', 'warmupStableDecay', 'noise']) {
      expect(stdout).toMatch(new RegExp(`(^|\\n)${name}: `));
    }
    expect(stdout).toMatch(/\n {2}cycleDecay +default 1 /);
  });

  it('shows one policy with its formula', async () => {
    const result = await cyclr('policies', 'triangular');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^triangular: /);
    expect(result.stdout).toContain('stepSizeDown  default = stepSize');
    expect(result.stdout).toContain('formula:');
  });
});

describe('bad input: exit code and exactly one line on stderr', () => {
  it.each([
    // [args, exit code, the whole stderr line]
    [
      ['values', '{"policy": "oneCycle", "maxLr": 0.1, "totalSteps": 0}', '-n', '5'],
      1,
      'cyclr: oneCycle: expected totalSteps to be a positive integer, got 0',
    ],
    [
      ['values', '{"policy": "triangular", "baseLr": 0.1, "maxLr": 0.01}', '-n', '5'],
      1,
      'cyclr: triangular: expected maxLr >= baseLr (0.1), got 0.01',
    ],
    [['values', '{"policy": "oneCycel", "maxLr": 0.1}', '-n', '5'], 1, /did you mean "oneCycle"/],
    [
      ['values', '{"policy": "oneCycle", "maxlr": 0.1, "totalSteps": 9}'],
      1,
      /^cyclr: oneCycle: unknown parameter "maxlr" \(did you mean "maxLr"\?\)/,
    ],
    [['values', '{"policy": ', '-n', '5'], 1, /^cyclr: expected <spec> to be valid JSON: /],
    [
      ['values', 'missing.json', '-n', '5'],
      1,
      'cyclr: expected <spec> to be inline JSON or a path to a JSON file, got "missing.json" (no such file)',
    ],
    [
      ['values', '[1, 2]', '-n', '5'],
      1,
      'cyclr: expected <spec> to be a JSON object like {"policy": "triangular", ...}, got [1,2]',
    ],
    [
      ['values', '{"policy": "constant", "lr": 1}', '--steps', 'ten'],
      2,
      'cyclr: expected --steps to be a positive integer, got "ten"',
    ],
    [
      ['values', '{"policy": "constant", "lr": 1}', '--steps', '0'],
      2,
      'cyclr: expected --steps to be a positive integer, got "0"',
    ],
    [
      ['values', '{"policy": "constant", "lr": 1}', '--steps', '1.5'],
      2,
      'cyclr: expected --steps to be a positive integer, got "1.5"',
    ],
    [
      ['values', '{"policy": "constant", "lr": 1}'],
      2,
      'cyclr: expected --steps to be a positive integer (constant has no totalSteps to default to), got nothing',
    ],
    [
      ['values', '{"policy": "constant", "lr": 1}', '-n', '3', '--start', '-1'],
      2,
      'cyclr: expected --start to be a non-negative integer, got "-1"',
    ],
    [
      ['values', '{"policy": "constant", "lr": 1}', '--stpes', '3'],
      2,
      "cyclr: unknown option '--stpes' (Did you mean --steps?); see cyclr --help",
    ],
    [['values'], 2, "cyclr: missing required argument 'spec'; see cyclr --help"],
    [
      ['plot', '{"policy": "constant", "lr": 1}', '-n', '3', '--out', 'x.pdf'],
      2,
      'cyclr: expected --out to be a file name ending in .svg or .png, got "x.pdf"',
    ],
    [['plot', '{"policy": "constant", "lr": 1}', '-n', '3', '--rows', '1'], 2, /--rows/],
    [['valeus'], 2, "cyclr: unknown command 'valeus' (Did you mean values?); see cyclr --help"],
    [['policies', 'triangle'], 1, /^cyclr: expected a registered policy name, got "triangle"/],
    [
      ['policies', 'onecycle'],
      1,
      /^cyclr: expected a registered policy name, got "onecycle" \(did you mean "oneCycle"\?\); known: /,
    ],
    [
      ['plot', '{"lrs": [0.1, 1], "losses": "high"}'],
      1,
      'cyclr: expected <spec> to be a policy spec {"policy": ...} or a range-test result from cyclr find --save with a numeric losses array, got losses = "high"',
    ],
    [
      ['find', '--save', 'result.svg'],
      2,
      'cyclr: expected --save to be a file name ending in .json, got "result.svg"',
    ],
    [['policies', 'onecycle', '--json'], 1, /got "onecycle" \(did you mean "oneCycle"\?\)/],
    [
      ['values', '{"policy": "constant", "lr": 0.1,}', '-n', '2'],
      1,
      /^cyclr: expected <spec> to be valid JSON: .* \(a trailing comma before \} or \]: JSON allows none, remove it\)$/,
    ],
  ] as const)('%j exits %i', async (args, code, line) => {
    const result = await cyclr(...args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(2);
    if (typeof line === 'string') expect(lines[0]).toBe(line);
    else expect(lines[0]).toMatch(line);
  });

  it('--help and --version succeed', async () => {
    expect((await cyclr('--help')).code).toBe(0);
    expect((await cyclr('values', '--help')).stdout).toContain('--steps');
    expect((await cyclr('--version')).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
