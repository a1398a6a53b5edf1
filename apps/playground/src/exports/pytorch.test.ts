import { fromSpec, type PolicySpec } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import golden from '../../fixtures/pytorch-golden.json' with { type: 'json' };
import { PytorchExportError, toPytorch } from './pytorch.js';
import { pytorchExamples } from './pytorch-examples.js';

// Values: torch 1.13 running the generated code (scripts/make-pytorch-golden.ts). Torch's
// recursive schedulers (StepLR, ExponentialLR, ...) multiply step by step, so allow rounding.
const relativeTolerance = 1e-9;

const close = (actual: number, expected: number) =>
  Math.abs(actual - expected) <= relativeTolerance * Math.max(Math.abs(expected), 1e-12);

describe('PyTorch export against the torch golden', () => {
  it('covers every example', () => {
    expect(golden.cases.map((c) => c.name)).toEqual(pytorchExamples.map((e) => e.name));
  });

  for (const goldenCase of golden.cases) {
    it(`${goldenCase.name}: same code, and cyclr's rates are torch's`, () => {
      const spec = goldenCase.spec as PolicySpec;
      expect(toPytorch(spec).code).toBe(goldenCase.code);
      const schedule = fromSpec(spec);
      const mismatches: string[] = [];
      for (const [step, lr, momentum] of goldenCase.values as [number, number, number | null][]) {
        const ours = schedule.lr(step);
        if (!close(ours, lr)) mismatches.push(`lr(${step}) = ${ours}, torch ${lr}`);
        if (schedule.momentum !== undefined) {
          const oursMomentum = schedule.momentum(step);
          if (momentum === null || !close(oursMomentum, momentum)) {
            mismatches.push(`momentum(${step}) = ${oursMomentum}, torch ${momentum}`);
          }
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  }
});

describe('PyTorch export refusals', () => {
  it('explains policies torch lacks', () => {
    expect(() =>
      toPytorch({ policy: 'clamp', maxLr: 0.1, schedule: { policy: 'constant', lr: 1 } }),
    ).toThrow(PytorchExportError);
    expect(() =>
      toPytorch({
        policy: 'sequence',
        schedules: [
          { policy: 'constant', lr: 0.1 },
          { policy: 'cosine', lr: 0.05, totalSteps: 100 },
        ],
        boundaries: [50],
      }),
    ).toThrow(/same lr/);
  });

  it('refuses a restart schedule with a decaying peak, and names where the others live', () => {
    expect(() =>
      toPytorch({ policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 10, cycleDecay: 0.5 }),
    ).toThrow(/no restart schedule with a decaying peak/);
    expect(() => toPytorch({ policy: 'inverseSqrt', lr: 0.001, warmupSteps: 10 })).toThrow(
      /get_inverse_sqrt_schedule/,
    );
  });
});
