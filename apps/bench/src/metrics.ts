/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  return Math.sqrt(
    values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1),
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Pointwise mean of curves sampled at the same iterations. */
export function meanCurve(curves: readonly (readonly [number, number][])[]): [number, number][] {
  const first = curves[0];
  if (!first) return [];
  return first.map(([iteration], index) => [
    iteration,
    mean(curves.map((curve) => (curve[index] as [number, number])[1])),
  ]);
}

/** First iteration at which the curve reaches `target` (>=), or null. */
export function iterationsToReach(
  curve: readonly [number, number][],
  target: number,
): number | null {
  // Accuracies are ratios of integers; the tolerance stops float noise in the mean from deciding.
  const point = curve.find(([, value]) => value >= target - 1e-9);
  return point ? point[0] : null;
}

/** The fractions of the budget at which the report reads every policy's accuracy. */
export const BUDGET_FRACTIONS = [0.25, 0.5, 0.75, 1] as const;

/**
 * The curve's value at the last evaluation at or before `fraction` of the budget: the accuracy
 * a user stopping there would have had (evaluations are only every `evalEvery` iterations).
 */
export function accuracyAtFraction(
  curve: readonly [number, number][],
  iterations: number,
  fraction: number,
): number {
  const limit = fraction * iterations + 1e-9;
  let value = Number.NaN;
  for (const [iteration, accuracy] of curve) {
    if (iteration > limit) break;
    value = accuracy;
  }
  return value;
}

/** How fast a curve reaches a reference run's final accuracy, relative to the reference itself. */
export interface SpeedupAgainst {
  /** The reference's final value: the target. */
  readonly target: number;
  /** First evaluation at which the reference itself reaches its own final value. */
  readonly referenceIters: number;
  /** First evaluation at which `curve` reaches the target; null if it never does. */
  readonly iters: number | null;
  /** referenceIters / iters; null when the target was not reached. */
  readonly speedup: number | null;
}

/**
 * The CLR paper's speed-up: iterations for a policy to reach the reference's final accuracy,
 * against the reference's own iterations to reach it (Smith 2017 compares triangular2 with a
 * fixed rate: 25,000 vs 70,000 iterations, 2.8x). The reference's iterations are where its curve
 * first reaches its final value, which is the end of its budget when it still improves there.
 */
export function speedupAgainst(
  reference: readonly [number, number][],
  curve: readonly [number, number][],
): SpeedupAgainst {
  const last = reference[reference.length - 1];
  if (!last) throw new Error('speedupAgainst: expected a reference curve, got an empty one');
  const target = last[1];
  const referenceIters = iterationsToReach(reference, target) ?? last[0];
  const iters = iterationsToReach(curve, target);
  return {
    target,
    referenceIters,
    iters,
    speedup:
      iters === null ? null : iters === 0 ? Number.POSITIVE_INFINITY : referenceIters / iters,
  };
}
