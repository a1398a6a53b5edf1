export { type BoundsOptions, bounds, type LrBounds } from './bounds.js';
export type { Suggestion } from './curve.js';
export { RangeTestError } from './errors.js';
export type {
  AbortSignalLike,
  RangeTestOptions,
  RangeTestStep,
  ResolvedRangeTestOptions,
} from './options.js';
export { rangeTest } from './rangeTest.js';
export type { MetricCurve, RangeTestData, RangeTestResult, StopReason } from './result.js';
export { emaSmooth } from './smoothing.js';
export { type RangeTestSuggestions, SUGGESTION_NAMES, type SuggestionName } from './suggest.js';
export {
  type AccuracyBounds,
  type AccuracyBoundsOptions,
  accuracyBounds,
} from './suggestions/accuracy.js';
export { type EdgeOptions, edge } from './suggestions/edge.js';
export { minimumDivTen } from './suggestions/minimum.js';
export { type RobustOptions, robust } from './suggestions/robust.js';
export { type SlideOptions, slide } from './suggestions/slide.js';
export { steepest } from './suggestions/steepest.js';
export { valley } from './suggestions/valley.js';
export { type SweepMode, sweepLrs } from './sweep.js';
