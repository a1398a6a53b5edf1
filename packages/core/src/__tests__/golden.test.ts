import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromSpec, type PolicySpec } from '../index.js';

// Golden tables from PyTorch 1.13's torch.optim.lr_scheduler, written by
// scripts/pytorch_golden.py (run it with /usr/bin/python3 to regenerate; tests never need Python).
// Value k is what the optimizer's param group holds after k scheduler.step() calls, i.e. the
// rate of update k+1: our lr(k). Tolerance: 1e-12 relative at every step, against both what
// PyTorch's optimizer holds ("lr", recursive for StepLR, CosineAnnealingLR, ...) and PyTorch's
// own closed form ("lrClosedForm"). Observed: at most 1.4e-14 (cosineRestarts near a cycle's
// end, where 1 + cos(x) ~ 0 amplifies the last-ulp difference between V8's Math.cos and libm's
// cos); PyTorch's recursive forms drift from its closed forms by at most 8e-15 here
// (maxRecursiveRelDiff in each case). 0 only matches 0.
// Policies torch has no scheduler for (inverseSqrt, warmupStableDecay: Hugging Face
// transformers' lambdas; inverseTime and cosineRestarts' cycleDecay: Keras' InverseTimeDecay and
// CosineDecayRestarts formulas) are run through torch's LambdaLR with the anchor's formula,
// written out in the generator and cited in each case's title.
const RELATIVE_TOLERANCE = 1e-12;

interface GoldenCase {
  readonly spec: PolicySpec;
  readonly torch: string;
  readonly steps: number;
  readonly lr: readonly number[];
  readonly lrClosedForm?: readonly number[];
  readonly momentum?: readonly number[];
}

const fixtureDir = new URL('./fixtures/', import.meta.url);
const files = readdirSync(fixtureDir).filter((file) => file.endsWith('.json'));

/** Largest relative difference, with 0 only matching 0. Returns the worst step too. */
function worstRelative(
  actual: (step: number) => number,
  expected: readonly number[],
): { readonly diff: number; readonly step: number } {
  let diff = 0;
  let worstStep = -1;
  expected.forEach((want, step) => {
    const got = actual(step);
    const d = got === want ? 0 : Math.abs(got - want) / Math.max(Math.abs(got), Math.abs(want));
    if (!(d <= diff)) {
      diff = d;
      worstStep = step;
    }
  });
  return { diff, step: worstStep };
}

describe.each(files)('golden values from PyTorch: %s', (file) => {
  const { cases } = JSON.parse(readFileSync(new URL(file, fixtureDir), 'utf8')) as {
    cases: GoldenCase[];
  };
  it.each(cases.map((c) => [c.torch, c] as const))('%s', (_torch, golden) => {
    const schedule = fromSpec(golden.spec);
    expect(golden.lr).toHaveLength(golden.steps);
    expect(worstRelative(schedule.lr, golden.lr).diff).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    if (golden.lrClosedForm) {
      expect(worstRelative(schedule.lr, golden.lrClosedForm).diff).toBeLessThanOrEqual(
        RELATIVE_TOLERANCE,
      );
    }
    if (golden.momentum) {
      expect(schedule.momentum).toBeDefined();
      const momentum = schedule.momentum as (step: number) => number;
      expect(worstRelative(momentum, golden.momentum).diff).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    } else {
      expect(schedule.momentum).toBeUndefined();
    }
  });
});
