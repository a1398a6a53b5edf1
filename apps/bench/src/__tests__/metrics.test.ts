import { describe, expect, it } from 'vitest';
import {
  accuracyAtFraction,
  iterationsToReach,
  mean,
  meanCurve,
  median,
  speedupAgainst,
  std,
} from '../metrics.js';
import { BENCH_POLICIES } from '../policies.js';
import { summarise } from '../protocol.js';
import type { RunRecord } from '../results.js';

describe('metrics', () => {
  it('computes mean, sample std and median', () => {
    expect(mean([1, 2, 3])).toBe(2);
    expect(std([1, 2, 3])).toBe(1);
    expect(std([5])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('averages curves pointwise and finds the first iteration reaching a target', () => {
    const curve = meanCurve([
      [
        [0, 0.1],
        [10, 0.5],
        [20, 0.8],
      ],
      [
        [0, 0.3],
        [10, 0.7],
        [20, 0.8],
      ],
    ]);
    expect(curve).toEqual([
      [0, 0.2],
      [10, 0.6],
      [20, 0.8],
    ]);
    expect(iterationsToReach(curve, 0.6)).toBe(10);
    expect(iterationsToReach(curve, 0.81)).toBeNull();
  });
});

describe("the CLR paper's metrics", () => {
  // A fixed-lr run that is still improving at the end of its 70 (thousand) iterations, and a
  // cyclic one that reaches its final 0.814 at 25: the paper's 2.8x.
  const fixed: [number, number][] = [
    [0, 0.1],
    [10, 0.5],
    [25, 0.7],
    [40, 0.78],
    [55, 0.8],
    [70, 0.814],
  ];
  const cyclic: [number, number][] = [
    [0, 0.1],
    [10, 0.6],
    [25, 0.82],
    [40, 0.8],
    [55, 0.83],
    [70, 0.85],
  ];

  it('speed-up against a fixed lr: its iterations to its final accuracy / the policy s', () => {
    expect(speedupAgainst(fixed, cyclic)).toEqual({
      target: 0.814,
      referenceIters: 70,
      iters: 25,
      speedup: 2.8,
    });
    // The reference against itself: 1x.
    expect(speedupAgainst(fixed, fixed).speedup).toBe(1);
    // A reference that peaked early and fell back: its own iterations are where it first got there.
    const peaked: [number, number][] = [
      [0, 0.1],
      [20, 0.9],
      [40, 0.85],
    ];
    expect(speedupAgainst(peaked, cyclic)).toEqual({
      target: 0.85,
      referenceIters: 20,
      iters: 70,
      speedup: 20 / 70,
    });
    // Never reached: no speed-up.
    expect(speedupAgainst(cyclic, fixed)).toMatchObject({ iters: null, speedup: null });
  });

  it('accuracy at 25/50/75/100% of the budget: the last evaluation at or before it', () => {
    // 25% of 70 = 17.5 -> the evaluation at 10; 50% = 35 -> 25; 75% = 52.5 -> 40; 100% -> 70.
    expect([0.25, 0.5, 0.75, 1].map((f) => accuracyAtFraction(cyclic, 70, f))).toEqual([
      0.6, 0.82, 0.8, 0.85,
    ]);
    // An evaluation exactly at the fraction counts.
    expect(accuracyAtFraction(fixed, 100, 0.55)).toBe(0.8);
  });
});

function run(policy: string, seed: number, curve: [number, number][]): RunRecord {
  return {
    policy,
    spec: { policy },
    backend: 'test',
    dataset: 'test',
    model: 'mlp',
    seed,
    iterations: 30,
    curve,
    finalAccuracy: (curve[curve.length - 1] as [number, number])[1],
    msPerStep: 1 + seed,
  };
}

describe('summarise', () => {
  it('measures every policy against the best baseline', () => {
    const policies = ['step', 'cosine', 'triangular'].map(
      (name) => BENCH_POLICIES.get(name) as NonNullable<ReturnType<typeof BENCH_POLICIES.get>>,
    );
    const runs = [
      run('step', 0, [
        [0, 0.1],
        [10, 0.5],
        [20, 0.7],
        [30, 0.8],
      ]),
      run('step', 1, [
        [0, 0.1],
        [10, 0.5],
        [20, 0.7],
        [30, 0.8],
      ]),
      run('cosine', 0, [
        [0, 0.1],
        [10, 0.6],
        [20, 0.84],
        [30, 0.85],
      ]),
      run('cosine', 1, [
        [0, 0.1],
        [10, 0.6],
        [20, 0.84],
        [30, 0.83],
      ]),
      run('triangular', 0, [
        [0, 0.1],
        [10, 0.84],
        [20, 0.8],
        [30, 0.9],
      ]),
      run('triangular', 1, [
        [0, 0.1],
        [10, 0.84],
        [20, 0.8],
        [30, 0.88],
      ]),
    ];
    const grid = [0.01, 0.1].flatMap((lr) =>
      ['step', 'cosine'].map((policy) => ({
        policy,
        lr,
        validationAccuracy: 0.5,
        testAccuracy: 0.5,
        diverged: false,
      })),
    );
    const summary = summarise(policies, runs, {
      grid,
      rangeTest: {
        kind: 'rangeTest',
        iterations: 77,
        bounds: { baseLr: 1, maxLr: 4 },
        data: {} as never,
      },
    });
    expect(summary.reference?.policy).toBe('cosine');
    expect(summary.reference?.finalMean).toBeCloseTo(0.84, 12);
    expect(summary.reference?.itersToTarget).toBe(20);
    const byName = Object.fromEntries(summary.policies.map((p) => [p.policy, p]));
    expect(byName.cosine?.speedup).toBe(1);
    expect(byName.triangular?.itersToTarget).toBe(10);
    expect(byName.triangular?.speedup).toBe(2);
    expect(byName.triangular?.finalMean).toBeCloseTo(0.89, 12);
    expect(byName.triangular?.finalStd).toBeCloseTo(Math.SQRT2 / 100, 12);
    expect(byName.triangular?.tuningIterations).toBe(77);
    expect(byName.step?.itersToTarget).toBeNull();
    expect(byName.step?.tuningIterations).toBe(60);
    expect(byName.step?.msPerStep).toBe(1.5);
    // No constant policy ran: no fixed-lr reference.
    expect(summary.fixedReference).toBeNull();
    expect(byName.triangular?.speedupVsFixed).toBeNull();
    // Budget 30: 25% = 7.5 -> iteration 0, 50% = 15 -> 10, 75% = 22.5 -> 20, 100% -> 30.
    expect(byName.triangular?.accuracyAt.map((point) => point.accuracy)).toEqual([
      0.1, 0.84, 0.8, 0.89,
    ]);
  });

  it('measures the speed-up against the fixed-lr run (constant)', () => {
    const policies = ['constant', 'triangular'].map(
      (name) => BENCH_POLICIES.get(name) as NonNullable<ReturnType<typeof BENCH_POLICIES.get>>,
    );
    const runs = [
      run('constant', 0, [
        [0, 0.1],
        [10, 0.5],
        [20, 0.6],
        [30, 0.7],
      ]),
      run('constant', 1, [
        [0, 0.1],
        [10, 0.5],
        [20, 0.7],
        [30, 0.7],
      ]),
      run('triangular', 0, [
        [0, 0.1],
        [10, 0.7],
        [20, 0.8],
        [30, 0.9],
      ]),
    ];
    const summary = summarise(policies, runs, { grid: [], rangeTest: undefined });
    // constant's mean curve: 0.1, 0.5, 0.65, 0.7 -> it first reaches its 0.7 at 30.
    expect(summary.fixedReference).toEqual({
      policy: 'constant',
      finalMean: 0.7,
      itersToTarget: 30,
    });
    const triangular = summary.policies.find((p) => p.policy === 'triangular');
    expect(triangular?.itersToFixed).toBe(10);
    expect(triangular?.speedupVsFixed).toBe(3);
  });
});
