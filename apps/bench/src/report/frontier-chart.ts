import type { TopLevelSpec } from '@cyclr/cli/charts';
import type { BenchResults } from '../results.js';

/**
 * The compute frontier: test accuracy against total compute (tuning + training), every measured
 * configuration as a point, each recipe's best-so-far as a step line.
 */
export function frontierSpec(results: BenchResults): TopLevelSpec | undefined {
  const { points } = results.frontier;
  if (points.length === 0) return undefined;
  const iterations = results.protocol.iterations;
  const recipes = [...new Set(points.map((point) => point.recipe))];
  const steps = recipes.flatMap((recipe) => {
    const own = points
      .filter((point) => point.recipe === recipe)
      .sort((a, b) => a.cost - b.cost || b.testAccuracy - a.testAccuracy);
    let best = Number.NEGATIVE_INFINITY;
    return own.flatMap((point) => {
      if (point.testAccuracy <= best) return [];
      best = point.testAccuracy;
      return [{ recipe, budget: point.cost / iterations, accuracy: best }];
    });
  });
  const maxBudget = Math.max(...points.map((point) => point.cost / iterations), 5);
  // Carry each recipe's best to the right edge, so the step line spans every budget.
  for (const recipe of recipes) {
    const last = steps.filter((step) => step.recipe === recipe).at(-1);
    if (last) steps.push({ recipe, budget: maxBudget, accuracy: last.accuracy });
  }
  const accuracies = points.map((point) => point.testAccuracy).filter(Number.isFinite);
  const low = Math.max(0, Math.floor((Math.min(...accuracies) - 0.01) * 100) / 100);
  const high = Math.min(1, Math.ceil((Math.max(...accuracies) + 0.005) * 100) / 100);
  const color = {
    field: 'recipe',
    type: 'nominal',
    title: null,
    scale: { domain: ['range test + cyclic', 'grid + decay'], range: ['#1f77b4', '#ff7f0e'] },
  } as const;
  const x = {
    field: 'budget',
    type: 'quantitative',
    title: `total compute (tuning + training), x the training budget of ${iterations} iterations`,
  } as const;
  const y = {
    field: 'accuracy',
    type: 'quantitative' as const,
    title: 'test accuracy',
    scale: { domain: [low, high] },
    axis: { format: '.1%' },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Compute frontier: the best test accuracy for a total budget',
      subtitle: 'points: every measured configuration; lines: best so far per recipe',
    },
    width: 560,
    height: 300,
    layer: [
      {
        data: { values: steps },
        mark: { type: 'line', interpolate: 'step-after', clip: true },
        encoding: { x, y, color },
      },
      {
        data: {
          values: points.map((point) => ({
            recipe: point.recipe,
            policy: point.policy,
            budget: point.cost / iterations,
            accuracy: point.testAccuracy,
          })),
        },
        mark: { type: 'point', filled: true, clip: true },
        encoding: { x, y, color, shape: { field: 'policy', type: 'nominal' } },
      },
    ],
  };
}
