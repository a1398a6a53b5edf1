import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSpec } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { BENCH_POLICIES, resolvePolicies, stepSizeFor } from '../policies.js';

const context = { iterations: 3000, cycles: 3, lr: 0.1, bounds: { baseLr: 0.02, maxLr: 0.08 } };
const policy = (name: string) =>
  BENCH_POLICIES.get(name) as NonNullable<ReturnType<typeof BENCH_POLICIES.get>>;

describe('bench policies', () => {
  it('ends every CLR policy at the end of a cycle, at baseLr', () => {
    expect(stepSizeFor(3000, 3)).toBe(500);
    for (const name of ['triangular', 'triangular2', 'expRange']) {
      const schedule = fromSpec(policy(name).spec(context));
      expect(schedule.lr(0)).toBeCloseTo(0.02, 12);
      expect(schedule.lr(500)).toBeGreaterThan(0.02);
      expect(schedule.lr(3000)).toBeCloseTo(0.02, 12);
    }
    expect(fromSpec(policy('triangular').spec(context)).lr(500)).toBeCloseTo(0.08, 12);
  });

  it('gives oneCycle the range test maxLr, the whole budget and cycled momentum', () => {
    const schedule = fromSpec(policy('oneCycle').spec(context));
    expect(schedule.totalSteps).toBe(3000);
    expect(schedule.lr(899)).toBeCloseTo(0.08, 12); // peak at pctStart * totalSteps - 1 (PyTorch)
    expect(schedule.momentum?.(0)).toBeCloseTo(0.95, 12);
    expect(schedule.momentum?.(899)).toBeCloseTo(0.85, 12);
  });

  it('decays the baselines from the tuned lr over the budget', () => {
    const lrAt = (name: string, step: number) => fromSpec(policy(name).spec(context)).lr(step);
    expect(lrAt('constant', 2999)).toBe(0.1);
    expect(lrAt('step', 999)).toBeCloseTo(0.1, 12);
    expect(lrAt('step', 1000)).toBeCloseTo(0.01, 12);
    expect(lrAt('step', 2999)).toBeCloseTo(0.001, 12);
    expect(lrAt('exponential', 3000)).toBeCloseTo(0.001, 12);
    expect(lrAt('cosine', 1500)).toBeCloseTo(0.05, 12);
    expect(lrAt('cosine', 3000)).toBeCloseTo(0, 12);
  });

  it('resolves names and spec files, and rejects the rest with one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cyclr-bench-policies-'));
    const file = join(dir, 'my-clr.json');
    await writeFile(
      file,
      JSON.stringify({ policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 100 }),
    );
    const [triangular, mine] = resolvePolicies(['triangular', file]);
    expect(triangular?.kind).toBe('cyclic');
    expect(mine?.label).toBe('my-clr');
    expect(mine?.kind).toBe('fixed');
    expect(mine?.spec(context)).toEqual({
      policy: 'triangular',
      baseLr: 0.01,
      maxLr: 0.1,
      stepSize: 100,
    });

    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ policy: 'triangular', baseLr: -1, maxLr: 0.1, stepSize: 100 }),
    );
    expect(() => resolvePolicies([bad])).toThrow(
      /--policies: invalid spec in .*bad\.json: .*baseLr/,
    );
    expect(() => resolvePolicies([join(dir, 'missing.json')])).toThrow(/cannot read spec file/);
    expect(() => resolvePolicies(['triangle'])).toThrow(
      /expected a registered policy name or a \.json spec file, got "triangle"/,
    );
    expect(() => resolvePolicies(['linear'])).toThrow(/"linear" has no bench tuning protocol/);
    expect(() => resolvePolicies(['cosine', 'cosine'])).toThrow(/"cosine" twice/);
  });
});
