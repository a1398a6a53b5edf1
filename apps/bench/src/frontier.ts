import type { GridPoint, PolicySummary } from './results.js';

/** Total budgets (tuning + training) of the frontier table, in multiples of the training budget. */
export const FRONTIER_MULTIPLES = [1, 2, 5] as const;

export type Recipe = 'range test + cyclic' | 'grid + decay';

/** One way to spend compute: what it costs in total and the test accuracy it delivers. */
export interface FrontierPoint {
  readonly recipe: Recipe;
  readonly policy: string;
  /** Tuning + training iterations. */
  readonly cost: number;
  readonly testAccuracy: number;
  /** How it was obtained, in words (grid points, chosen lr). */
  readonly detail: string;
}

/** The best each recipe reaches within one total budget; null when none of its points fit. */
export interface FrontierRow {
  readonly multiple: number;
  readonly budget: number;
  readonly best: Record<Recipe, FrontierPoint | null>;
}

export interface Frontier {
  /** The protocol in words, for the report. */
  readonly protocol: string[];
  readonly points: FrontierPoint[];
  readonly rows: FrontierRow[];
}

/** The policies that count as "decay" for the grid recipe (the fixed rate is not a decay). */
const DECAYS = new Set(['step', 'multiStep', 'exponential', 'cosine', 'polynomial']);

/** `k` of the `size` grid indices, evenly spread (k = 1: the middle one); ascending, distinct. */
export function spreadIndices(size: number, k: number): number[] {
  if (k >= size) return Array.from({ length: size }, (_, index) => index);
  if (k === 1) return [Math.floor((size - 1) / 2)];
  return [...new Set(Array.from({ length: k }, (_, i) => Math.round((i * (size - 1)) / (k - 1))))];
}

export interface FrontierInput {
  /** Training iterations of one run (T). */
  readonly iterations: number;
  /** Iterations the range test cost (R), 0 if none ran. */
  readonly rangeTestIterations: number | undefined;
  /** The lr grid, ascending. */
  readonly grid: readonly number[];
  readonly gridPoints: readonly GridPoint[];
  readonly policies: readonly PolicySummary[];
}

/**
 * Equal total compute. "range test + cyclic": one range test (R iterations) then one training
 * run (T) of a cyclic policy: cost R + T, accuracy its seed-mean final test accuracy. "grid +
 * decay": a grid of k learning rates, one full-budget run each (cost k x T), the run with the
 * best validation accuracy kept: accuracy that run's test accuracy (one seed, the tuning seed).
 * A total budget B affords the points whose cost is <= B; each recipe reports its best such
 * point over its policies.
 */
export function computeFrontier(input: FrontierInput): Frontier {
  const { iterations, grid } = input;
  const points: FrontierPoint[] = [];
  if (input.rangeTestIterations !== undefined) {
    for (const policy of input.policies.filter((p) => p.kind === 'cyclic')) {
      points.push({
        recipe: 'range test + cyclic',
        policy: policy.policy,
        cost: input.rangeTestIterations + iterations,
        testAccuracy: policy.finalMean,
        detail: `range test ${input.rangeTestIterations} it + 1 run`,
      });
    }
  }
  const decays = [...new Set(input.gridPoints.map((point) => point.policy))].filter((policy) =>
    DECAYS.has(policy),
  );
  for (const policy of decays) {
    for (let k = 1; k <= grid.length; k++) {
      const rates = spreadIndices(grid.length, k).map((index) => grid[index] as number);
      const tried = input.gridPoints.filter(
        (point) => point.policy === policy && rates.includes(point.lr),
      );
      // The first best: on a tie the smaller rate wins, as in the tuning itself.
      const kept = tried.reduce<GridPoint | undefined>(
        (a, b) => (a === undefined || b.validationAccuracy > a.validationAccuracy ? b : a),
        undefined,
      );
      if (!kept) continue;
      points.push({
        recipe: 'grid + decay',
        policy,
        cost: tried.length * iterations,
        testAccuracy: kept.testAccuracy,
        detail: `grid [${rates.join(', ')}], kept lr ${kept.lr}`,
      });
    }
  }
  const rows = FRONTIER_MULTIPLES.map((multiple): FrontierRow => {
    const budget = multiple * iterations;
    const bestOf = (recipe: Recipe) =>
      points
        .filter((point) => point.recipe === recipe && point.cost <= budget)
        .reduce<FrontierPoint | null>(
          (a, b) => (a === null || b.testAccuracy > a.testAccuracy ? b : a),
          null,
        );
    return {
      multiple,
      budget,
      best: {
        'range test + cyclic': bestOf('range test + cyclic'),
        'grid + decay': bestOf('grid + decay'),
      },
    };
  });
  return {
    protocol: [
      `Total budget = tuning + training iterations, in multiples of the training budget T = ${iterations}.`,
      `"range test + cyclic": one LR range test (${input.rangeTestIterations ?? '-'} iterations) and one training run of T: cost T + ${input.rangeTestIterations ?? '-'}; accuracy = the policy's final test accuracy, mean over the seeds. At 1x it does not fit (the range test comes on top of the run); longer cyclic runs at larger budgets are not measured, so it stays flat.`,
      `"grid + decay": a grid of k learning rates (k of [${grid.join(', ')}], evenly spread; k = 1 is the middle rate, a guess without tuning), one full run of T per rate (cost k x T, no shortened runs), the run with the best validation accuracy kept; accuracy = that run's test accuracy (one seed, the tuning seed, so noisier than the cyclic seed mean).`,
      'Within a recipe the best policy at each budget is reported (chosen on test accuracy, for both recipes alike: an optimistic upper bound for each).',
    ],
    points,
    rows,
  };
}
