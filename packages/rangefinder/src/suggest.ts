import type { Suggestion } from './curve.js';
import { RangeTestError } from './errors.js';
import { type AccuracyBounds, accuracyBounds } from './suggestions/accuracy.js';
import { edge } from './suggestions/edge.js';
import { minimumDivTen } from './suggestions/minimum.js';
import { robust } from './suggestions/robust.js';
import { slide } from './suggestions/slide.js';
import { steepest } from './suggestions/steepest.js';
import { valley } from './suggestions/valley.js';

/** Every suggestion of a range test; `undefined` where the curve was too short for it. */
export interface RangeTestSuggestions {
  /** {@link robust} on the raw losses: where the loss has mostly fallen. */
  readonly robust: Suggestion | undefined;
  /** {@link edge} on the raw losses: where the loss turns ragged or rises; `bounds` reads it. */
  readonly edge: Suggestion | undefined;
  /** {@link steepest} on the smoothed losses (trimmed like fastai). */
  readonly steepest: Suggestion | undefined;
  /** {@link minimumDivTen} on the smoothed losses (trimmed like fastai). */
  readonly minimumDivTen: Suggestion | undefined;
  /** {@link valley} on the smoothed losses (trimmed like fastai): fastai's default. */
  readonly valley: Suggestion | undefined;
  /** {@link slide} on the smoothed losses (trimmed like fastai). */
  readonly slide: Suggestion | undefined;
  /** {@link accuracyBounds} on the metric curve, when `evaluate` ran at least twice. */
  readonly accuracy: AccuracyBounds | undefined;
}

/** Names of the single-rate suggestions, in the order errors and reports list them. */
export const SUGGESTION_NAMES = [
  'edge',
  'robust',
  'steepest',
  'minimumDivTen',
  'valley',
  'slide',
] as const;

/** A single-rate suggestion's name: a key of {@link RangeTestSuggestions} except `accuracy`. */
export type SuggestionName = (typeof SUGGESTION_NAMES)[number];

function attempt<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch (error) {
    // Too few finite points for this criterion: report it as missing, not as a failed test.
    if (error instanceof RangeTestError) return undefined;
    throw error;
  }
}

/**
 * All suggestions for one curve. fastai's criteria read the EMA curve without its first
 * `skipStart` and last `skipEnd` points (fastai: `num_it // 10` and 5), so neither the flat
 * start nor the blow-up decides; when that leaves fewer than 2 points the whole curve is used.
 */
export function suggestAll(
  lrs: readonly number[],
  losses: readonly number[],
  smoothedLosses: readonly number[],
  skipStart: number,
  skipEnd: number,
  metrics: { readonly lrs: readonly number[]; readonly values: readonly number[] } | undefined,
): RangeTestSuggestions {
  const trimmed = lrs.length - skipStart - skipEnd >= 2;
  const from = trimmed ? skipStart : 0;
  const to = trimmed ? lrs.length - skipEnd : lrs.length;
  const windowLrs = lrs.slice(from, to);
  const windowLosses = smoothedLosses.slice(from, to);
  return {
    robust: attempt(() => robust(lrs, losses)),
    edge: attempt(() => edge(lrs, losses)),
    steepest: attempt(() => steepest(windowLrs, windowLosses)),
    minimumDivTen: attempt(() => minimumDivTen(windowLrs, windowLosses)),
    valley: attempt(() => valley(windowLrs, windowLosses)),
    slide: attempt(() => slide(windowLrs, windowLosses)),
    accuracy:
      metrics === undefined
        ? undefined
        : attempt(() => accuracyBounds(metrics.lrs, metrics.values)),
  };
}
