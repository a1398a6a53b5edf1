import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSpec } from '@cyclr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './spawn-cli.js';

const oneCycle = { policy: 'oneCycle', maxLr: 0.1, totalSteps: 1000 };
const dir = mkdtempSync(join(tmpdir(), 'cyclr-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each test spawns the real binary (about 0.7 s through tsx on an idle machine), so only what
// needs a real process is here: exit codes, stderr, stdin, a file written; run.test.ts covers
// the rest in-process.
describe.concurrent('cyclr (spawned binary)', () => {
  it('values prints exactly what fromSpec computes, and what PyTorch OneCycleLR does', async () => {
    const result = await spawnCli(['values', JSON.stringify(oneCycle), '--steps', '1000']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const schedule = fromSpec(oneCycle);
    const expectedLr = Array.from({ length: 1000 }, (_, step) => schedule.lr(step));
    const expectedMomentum = Array.from({ length: 1000 }, (_, step) =>
      (schedule.momentum as (step: number) => number)(step),
    );
    const printed = JSON.parse(result.stdout) as { lr: number[]; momentum: number[] };
    // toEqual with numbers is Object.is per element: exact doubles, no tolerance.
    expect(printed).toEqual({ lr: expectedLr, momentum: expectedMomentum });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);

    // And the same as PyTorch's OneCycleLR (values recorded by core's generator script).
    const torch = JSON.parse(
      readFileSync(new URL('./fixtures/one-cycle-pytorch.json', import.meta.url), 'utf8'),
    ) as { spec: unknown; lr: number[]; momentum: number[] };
    expect(torch.spec).toEqual(oneCycle);
    for (const [name, values] of [
      ['lr', printed.lr],
      ['momentum', printed.momentum],
    ] as const) {
      values.forEach((value, step) => {
        const expected = torch[name][step] as number;
        expect(Math.abs(value - expected), `${name} at step ${step}`).toBeLessThanOrEqual(
          1e-12 * Math.abs(expected),
        );
      });
    }
  });

  it('values reads the spec from stdin with -, and --steps defaults to totalSteps', async () => {
    const spec = { policy: 'cosine', lr: 0.1, totalSteps: 7 };
    const result = await spawnCli(['values', '-'], { input: JSON.stringify(spec) });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const schedule = fromSpec(spec);
    expect((JSON.parse(result.stdout) as { lr: number[] }).lr).toEqual(
      Array.from({ length: 7 }, (_, step) => schedule.lr(step)),
    );
  });

  it('plot --out x.svg writes an SVG whose line passes through every value', async () => {
    const spec = { policy: 'triangular2', baseLr: 0.1, maxLr: 0.5, stepSize: 3 };
    const steps = 24;
    const result = await spawnCli(
      ['plot', JSON.stringify(spec), '-n', String(steps), '--out', 'x.svg'],
      {
        cwd: dir,
      },
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('wrote x.svg');
    const svg = readFileSync(join(dir, 'x.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('triangular2');

    // The lr line's vertices, in pixels: x grows linearly with the step, y linearly with lr
    // (SVG y points down). Check the mapping against the schedule's own values.
    const path = /aria-roledescription="line mark" d="([^"]+)"/.exec(svg)?.[1];
    expect(path).toBeDefined();
    const points = (path as string)
      .split(/[ML]/)
      .filter(Boolean)
      .map((pair) => pair.split(',').map(Number) as [number, number]);
    expect(points).toHaveLength(steps);
    const lr = Array.from({ length: steps }, (_, step) => fromSpec(spec).lr(step));
    const [x0, y0] = points[0] as [number, number];
    const [x1] = points[1] as [number, number];
    const peak = points[3] as [number, number]; // step 3: maxLr
    const pixelsPerLr = (y0 - peak[1]) / (0.5 - 0.1);
    points.forEach(([x, y], step) => {
      expect(x).toBeCloseTo(x0 + step * (x1 - x0), 1);
      expect(y).toBeCloseTo(y0 - ((lr[step] as number) - 0.1) * pixelsPerLr, 1);
    });
  });

  it.each([
    // [args, exit code, the line must mention]; run.test.ts covers every message in-process.
    [
      ['values', '{"policy": "oneCycle", "maxLr": 0.1, "totalSteps": 0}', '-n', '5'],
      1,
      'totalSteps',
    ],
    [['values', '{"policy": "constant", "lr": 1}', '--steps', 'ten'], 2, '--steps'],
  ] as const)('%j exits %i with one line on stderr naming %s', async (args, code, mention) => {
    const result = await spawnCli(args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(2); // one line and its newline
    expect(lines[0]).toMatch(/^cyclr: /);
    expect(lines[0]).toContain(mention);
  });
});
