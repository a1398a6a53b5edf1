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
