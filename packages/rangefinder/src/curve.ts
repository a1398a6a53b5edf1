import { describeValue } from '@cyclr/core';
import { fail, RangeTestError } from './errors.js';

/** A suggested learning rate and the loss (or metric) of the curve at it, for plot markers. */
export interface Suggestion {
  /** The suggested learning rate. */
  readonly lr: number;
  /** The curve's value at `lr` (interpolated on log-lr), where a plot puts the marker. */
  readonly loss: number;
}

/** A validated curve: its finite prefix, with log10 of the rates. */
export interface Curve {
  readonly lrs: readonly number[];
  readonly logLrs: readonly number[];
  readonly losses: readonly number[];
}

/**
 * Checks `(lrs, losses)` and keeps the prefix before the first non-finite loss (the rest is a
 * blow-up, as in fastai's `lr_find`). Throws a {@link RangeTestError} naming `fn` when the
 * input is not a curve or fewer than `minPoints` finite points remain.
 */
export function checkCurve(
  fn: string,
  lrs: readonly number[],
  losses: readonly number[],
  minPoints = 2,
): Curve {
  if (!Array.isArray(lrs)) fail(fn, 'lrs', 'an array of learning rates', lrs);
  if (!Array.isArray(losses)) fail(fn, 'losses', 'an array of losses', losses);
  if (losses.length !== lrs.length) {
    throw new RangeTestError(
      fn,
      'losses',
      `expected losses to have the length of lrs (${lrs.length}), got ${losses.length}`,
    );
  }
  let previous = 0;
  for (let i = 0; i < lrs.length; i++) {
    const lr = lrs[i] as number;
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= previous) {
      throw new RangeTestError(
        fn,
        'lrs',
        `expected lrs to be finite, positive and strictly increasing, got ${describeValue(lr)} at index ${i}`,
      );
    }
    previous = lr;
  }
  let end = 0;
  while (end < losses.length && Number.isFinite(losses[end])) end++;
  if (end < minPoints) {
    throw new RangeTestError(
      fn,
      'losses',
      `expected at least ${minPoints} finite losses before the first non-finite one, got ${end}`,
    );
  }
  const kept = lrs.slice(0, end);
  return { lrs: kept, logLrs: kept.map(Math.log10), losses: losses.slice(0, end) };
}

/** Index of the smallest value (the first one on ties). */
export function argMin(values: readonly number[], from = 0, to = values.length): number {
  let best = from;
  for (let i = from + 1; i < to; i++)
    if ((values[i] as number) < (values[best] as number)) best = i;
  return best;
}

/** Index of the largest value (the first one on ties). */
export function argMax(values: readonly number[], from = 0, to = values.length): number {
  let best = from;
  for (let i = from + 1; i < to; i++)
    if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The curve's value at `lr`, linear in log-lr between the neighbouring points and held
 * constant beyond the ends: where a plot puts the marker of a suggestion.
 */
export function valueAt(curve: Curve, values: readonly number[], lr: number): number {
  const x = Math.log10(lr);
  const { logLrs } = curve;
  const last = logLrs.length - 1;
  if (x <= (logLrs[0] as number)) return values[0] as number;
  if (x >= (logLrs[last] as number)) return values[last] as number;
  let hi = 1;
  while ((logLrs[hi] as number) < x) hi++;
  const x0 = logLrs[hi - 1] as number;
  const x1 = logLrs[hi] as number;
  const t = (x - x0) / (x1 - x0);
  return (values[hi - 1] as number) + t * ((values[hi] as number) - (values[hi - 1] as number));
}

/**
 * The rate where `values` first reaches `level` on indices [from, to]: the first index where
 * `reached` holds, interpolated linearly in log-lr from the point before it (the rate at
 * `from` itself when that point already reaches it), kept inside the curve's rates. Undefined
 * when no point reaches the level. The robust, edge and accuracy criteria are each such a
 * crossing on a LOWESS fit: where noise moves the rate least (dx = dy / slope).
 */
export function levelCrossing(
  curve: Curve,
  values: readonly number[],
  from: number,
  to: number,
  level: number,
  reached: (value: number) => boolean,
): number | undefined {
  for (let i = from; i <= to; i++) {
    const value = values[i] as number;
    if (!reached(value)) continue;
    if (i === from) return curve.lrs[i] as number;
    const before = values[i - 1] as number;
    const t = value === before ? 1 : (level - before) / (value - before);
    const x0 = curve.logLrs[i - 1] as number;
    const x = x0 + t * ((curve.logLrs[i] as number) - x0);
    // 10^x can round just outside the swept range; keep it inside.
    const first = curve.lrs[0] as number;
    const last = curve.lrs[curve.lrs.length - 1] as number;
    return Math.min(Math.max(10 ** x, first), last);
  }
  return undefined;
}

/** A suggestion at `lr`, with its marker on `values`. */
export function suggestionAt(curve: Curve, values: readonly number[], lr: number): Suggestion {
  return { lr, loss: valueAt(curve, values, lr) };
}
