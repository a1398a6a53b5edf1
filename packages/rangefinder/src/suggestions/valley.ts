import { checkCurve, type Suggestion, suggestionAt } from '../curve.js';

/**
 * fastai's `valley`: find the longest decreasing run of the loss (the longest strictly
 * decreasing subsequence, ending at index `end` with `length` points, taken to start at
 * `start = end - length + 1`), then go half-way down it:
 *
 *   sections = (end - start) / 3,   i = start + floor(sections) + floor(sections / 2)
 *
 * Pass the EMA-smoothed curve. O(n^2) in the number of points. Losses after the first
 * non-finite one are ignored.
 *
 * @example
 * valley([1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100], [3, 3.1, 2, 1, 0.5, 0.4, 9]).lr; // 0.01
 */
export function valley(lrs: readonly number[], losses: readonly number[]): Suggestion {
  const curve = checkCurve('valley', lrs, losses);
  const values = curve.losses;
  const n = values.length;
  const runLength = new Array<number>(n).fill(1);
  let end = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if ((values[i] as number) < (values[j] as number)) {
        runLength[i] = Math.max(runLength[i] as number, (runLength[j] as number) + 1);
      }
    }
    if ((runLength[i] as number) > (runLength[end] as number)) end = i;
  }
  const start = end - (runLength[end] as number) + 1;
  const sections = (end - start) / 3;
  const index = start + Math.floor(sections) + Math.floor(sections / 2);
  return suggestionAt(curve, values, curve.lrs[index] as number);
}
