import type { LrBounds, RangeTestData } from '@cyclr/rangefinder';
import type { ChartMarker } from './line-chart-spec.js';

/** The single-rate suggestions in the order they are marked, with their labels. */
export const suggestionLabels = [
  ['edge', 'edge'],
  ['robust', 'robust'],
  ['valley', 'valley'],
  ['steepest', 'steepest'],
  ['minimumDivTen', 'minimum/10'],
  ['slide', 'slide'],
] as const;

/** Three significant digits: what a person copies into a spec. */
export function round(value: number): number {
  return Number(value.toPrecision(3));
}

/**
 * The lines a range-test chart marks, like fastai's `lr_find()` plot: each suggestion the
 * result has, then the chosen bounds.
 */
export function rangeTestMarkers(
  result: RangeTestData,
  bounds: LrBounds | undefined,
): ChartMarker[] {
  const markers: ChartMarker[] = suggestionLabels.flatMap(([key, label]) => {
    const suggestion = result.suggestions[key];
    return suggestion === undefined
      ? []
      : [{ x: suggestion.lr, label: `${label} ${round(suggestion.lr)}` }];
  });
  if (bounds !== undefined) {
    markers.push(
      { x: bounds.baseLr, label: `baseLr ${round(bounds.baseLr)}` },
      { x: bounds.maxLr, label: `maxLr ${round(bounds.maxLr)}` },
    );
  }
  return markers;
}
