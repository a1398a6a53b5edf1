/** Spread of suggested rates across seeds: the numbers docs/benchmarks/rangefinder.md reports. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** max / min. */
  readonly ratio: number;
  /** Standard deviation of log10(lr): 0.3 is a factor of 2. */
  readonly stdLog10: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : Math.sqrt((sorted[middle - 1] as number) * (sorted[middle] as number));
  const logs = values.map(Math.log10);
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1);
  const min = sorted[0] as number;
  const max = sorted.at(-1) as number;
  return { median, min, max, ratio: max / min, stdLog10: Math.sqrt(variance) };
}

export const fmt = (x: number) => (x >= 0.01 && x < 1000 ? x.toPrecision(3) : x.toExponential(2));
