import type { LrBounds, RangeTestData } from '@cyclr/rangefinder';
import type { TopLevelSpec } from 'vega-lite';
import { type ChartMarker, type ChartPanel, lineChartSpec } from './line-chart-spec.js';

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
 * The range-test chart, like fastai's `lr_find()` plot: the raw and the smoothed loss against
 * the learning rate (log axis), each suggestion and the chosen bounds marked with a labelled
 * line, and the test metric in a second panel when the test measured one. Past divergence
 * the loss dwarfs the rest of the curve, so the loss axis stops at 1.5 x the starting loss.
 * Pure data: a vega-lite spec for `renderSvg` or a web page.
 */
export function rangeTestChartSpec(
  result: RangeTestData,
  bounds: LrBounds | undefined,
): TopLevelSpec {
  const startLoss = result.smoothedLosses[0];
  const yMax = startLoss !== undefined && Number.isFinite(startLoss) ? 1.5 * startLoss : undefined;
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
  const panels: ChartPanel[] = [
    {
      title: 'training loss',
      ...(yMax === undefined ? {} : { yMax }),
      series: [
        { name: 'loss', x: result.lrs, y: result.losses },
        { name: 'smoothed', x: result.lrs, y: result.smoothedLosses },
      ],
      markers,
    },
  ];
  if (result.metrics !== undefined) {
    panels.push({
      title: 'test metric',
      series: [{ name: 'metric', x: result.metrics.lrs, y: result.metrics.values }],
      markers: bounds === undefined ? [] : markers.slice(-2),
    });
  }
  return lineChartSpec(panels, {
    title: 'LR range test',
    subtitle: `${result.stoppedAt} steps, ${result.reason}`,
    xTitle: 'learning rate',
    logX: true,
  });
}
