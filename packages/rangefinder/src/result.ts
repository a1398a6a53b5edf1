import type { ResolvedRangeTestOptions } from './options.js';
import type { RangeTestSuggestions } from './suggest.js';

/** Why a range test ended. */
export type StopReason =
  /** Every step of the sweep ran. */
  | 'completed'
  /** The smoothed loss exceeded `divergeFactor` x its best. */
  | 'diverged'
  /** A loss (raw or smoothed) was NaN or infinite. */
  | 'nonFinite'
  /** `signal` was aborted. */
  | 'aborted';

/** The validation metric recorded along the sweep (Smith's accuracy test). */
export interface MetricCurve {
  /** 0-based steps after which `evaluate` ran. */
  readonly steps: readonly number[];
  /** Rates of those steps. */
  readonly lrs: readonly number[];
  /** The metric values. */
  readonly values: readonly number[];
}

/**
 * The plain-data form of a range test, as `JSON.stringify(result)` writes it: the curves, the
 * suggestion markers (`{ lr, loss }` points on the curve) and the options used. This is what a
 * plot renders: x = `lrs` (log scale), y = `losses` and `smoothedLosses`, one marker per
 * suggestion, and the metric curve on a second axis when present.
 */
export interface RangeTestData {
  /** Rate of every step done, in order. */
  readonly lrs: readonly number[];
  /** Raw training loss of every step. */
  readonly losses: readonly number[];
  /** EMA-smoothed (bias-corrected) loss of every step. */
  readonly smoothedLosses: readonly number[];
  /** Metric curve, when `evaluateEvery` was set. */
  readonly metrics: MetricCurve | undefined;
  /** Number of steps done. */
  readonly stoppedAt: number;
  /** Why the test ended. */
  readonly reason: StopReason;
  /** Every suggestion; see {@link RangeTestSuggestions}. */
  readonly suggestions: RangeTestSuggestions;
  /** The options used, defaults filled in. */
  readonly options: ResolvedRangeTestOptions;
}

/** What `rangeTest` returns: {@link RangeTestData} plus `toJSON()` for plotting and saving. */
export interface RangeTestResult extends RangeTestData {
  /** The plain data (no methods), e.g. for the CLI's plot. */
  toJSON(): RangeTestData;
}

/** Wraps plain data as a {@link RangeTestResult}. */
export function toResult(data: RangeTestData): RangeTestResult {
  return {
    ...data,
    toJSON: () => ({ ...data }),
  };
}
