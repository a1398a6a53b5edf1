import { checkCurve, type Suggestion, suggestionAt } from '../curve.js';
import { fail } from '../errors.js';
import { rejectUnknownKeys } from '../option-keys.js';

/** Options of {@link slide}; defaults are fastai's. */
export interface SlideOptions {
  /** Distance in points between the two ends of the sliding interval. Default 15. */
  readonly lrDiff?: number;
  /** Largest difference of the loss gradients at the two ends that counts as flat. Default 0.005. */
  readonly threshold?: number;
  /** Factor applied to the rate found. Default 1. */
  readonly adjustValue?: number;
}

/** Central differences per point index (numpy's `gradient`), one-sided at the ends. */
function gradient(values: readonly number[]): number[] {
  const n = values.length;
  return values.map((_, i) => {
    if (i === 0) return (values[1] as number) - (values[0] as number);
    if (i === n - 1) return (values[n - 1] as number) - (values[n - 2] as number);
    return ((values[i + 1] as number) - (values[i - 1] as number)) / 2;
  });
}

/**
 * fastai's `slide` (interval slide rule): slide an interval `lrDiff` points wide from the end
 * of the curve towards its start while the loss gradients (per point) at its two ends differ
 * by more than `threshold`; the rate at the left end of the last interval that still differed,
 * times `adjustValue`, is the suggestion. `threshold` is in loss units per point, so it depends
 * on the scale of the loss. Pass the EMA-smoothed curve.
 *
 * @example
 * slide([1e-3, 1e-2, 1e-1, 1], [2, 1.5, 1, 3], { lrDiff: 1 }).lr; // 0.01
 */
export function slide(
  lrs: readonly number[],
  losses: readonly number[],
  options: SlideOptions = {},
): Suggestion {
  rejectUnknownKeys('slide', options, [
    'lrDiff',
    'threshold',
    'adjustValue',
  ] satisfies (keyof SlideOptions)[]);
  const { lrDiff = 15, threshold = 0.005, adjustValue = 1 } = options;
  if (!Number.isInteger(lrDiff) || lrDiff < 1)
    fail('slide', 'lrDiff', 'a positive integer', lrDiff);
  if (!(threshold >= 0)) fail('slide', 'threshold', 'a non-negative number', threshold);
  if (!(adjustValue > 0 && Number.isFinite(adjustValue))) {
    fail('slide', 'adjustValue', 'a positive number', adjustValue);
  }
  const curve = checkCurve('slide', lrs, losses);
  const grads = gradient(curve.losses);
  let right = grads.length - 1;
  let left = Math.max(0, right - lrDiff);
  let found = curve.lrs[left] as number;
  while (left >= 0 && Math.abs((grads[right] as number) - (grads[left] as number)) > threshold) {
    found = curve.lrs[left] as number;
    right--;
    left--;
  }
  return suggestionAt(curve, curve.losses, found * adjustValue);
}
