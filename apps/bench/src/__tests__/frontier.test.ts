import { describe, expect, it } from 'vitest';
import { computeFrontier, spreadIndices } from '../frontier.js';
import type { GridPoint, PolicySummary } from '../results.js';

const policy = (name: string, kind: PolicySummary['kind'], finalMean: number) =>
  ({ policy: name, kind, finalMean }) as PolicySummary;

const point = (name: string, lr: number, validation: number, test: number): GridPoint => ({
  policy: name,
  lr,
  validationAccuracy: validation,
  testAccuracy: test,
  diverged: false,
});

describe('compute frontier', () => {
  it('spreads k of n grid points evenly, the middle one alone', () => {
    expect(spreadIndices(5, 1)).toEqual([2]);
    expect(spreadIndices(5, 2)).toEqual([0, 4]);
    expect(spreadIndices(5, 3)).toEqual([0, 2, 4]);
    expect(spreadIndices(5, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(spreadIndices(5, 7)).toEqual([0, 1, 2, 3, 4]);
    expect(spreadIndices(2, 1)).toEqual([0]);
  });

  it('gives each recipe the best it reaches within 1x, 2x and 5x the training budget', () => {
    const grid = [0.01, 0.1, 1];
    const frontier = computeFrontier({
      iterations: 100,
      rangeTestIterations: 30,
      grid,
      gridPoints: [
        // cosine: best on validation at lr 1, whose test accuracy is 0.8.
        point('cosine', 0.01, 0.6, 0.61),
        point('cosine', 0.1, 0.7, 0.72),
        point('cosine', 1, 0.9, 0.8),
        // The fixed rate is no decay: never in the grid recipe, however good.
        point('constant', 0.1, 0.99, 0.99),
      ],
      policies: [
        policy('cosine', 'baseline', 0.75),
        policy('triangular', 'cyclic', 0.77),
        policy('oneCycle', 'cyclic', 0.79),
        policy('constant', 'baseline', 0.99),
      ],
    });
    // Grid points: k=1 -> [0.1] (cost 100, test 0.72), k=2 -> [0.01, 1] (cost 200, keeps lr 1:
    // 0.8), k=3 -> all (cost 300, keeps lr 1: 0.8). Cyclic: cost 30 + 100 = 130.
    const rows = frontier.rows.map((row) => ({
      multiple: row.multiple,
      cyclic: row.best['range test + cyclic']?.testAccuracy ?? null,
      cyclicPolicy: row.best['range test + cyclic']?.policy ?? null,
      decay: row.best['grid + decay']?.testAccuracy ?? null,
      decayCost: row.best['grid + decay']?.cost ?? null,
    }));
    expect(rows).toEqual([
      { multiple: 1, cyclic: null, cyclicPolicy: null, decay: 0.72, decayCost: 100 },
      { multiple: 2, cyclic: 0.79, cyclicPolicy: 'oneCycle', decay: 0.8, decayCost: 200 },
      { multiple: 5, cyclic: 0.79, cyclicPolicy: 'oneCycle', decay: 0.8, decayCost: 200 },
    ]);
    expect(frontier.points.filter((p) => p.recipe === 'grid + decay')).toHaveLength(3);
    expect(frontier.protocol.join(' ')).toMatch(/cost k x T/);
  });
});
