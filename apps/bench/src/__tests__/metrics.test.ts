import { describe, expect, it } from 'vitest';
import { iterationsToReach, mean, meanCurve, median, std } from '../metrics.js';
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
  });
});
