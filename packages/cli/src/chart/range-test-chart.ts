import type { TopLevelSpec } from 'vega-lite';
import { type ChartMarker, type ChartPanel, lineChartSpec } from './line-chart-spec.js';

/** The curves of an LR range test (the shape of `@cyclr/rangefinder`'s result). */
export interface RangeTestCurves {
  readonly lrs: readonly number[];
  readonly losses: readonly number[];
  readonly smoothedLosses: readonly number[];
  /** Validation metric (accuracy) at some of the rates, when the test measured one. */
  readonly metrics?: { readonly lrs: readonly number[]; readonly values: readonly number[] };
}

/** What to write on a range-test chart. */
export interface RangeTestChartOptions {
  /** Labelled vertical lines, e.g. the chosen bounds. Default: none. */
  readonly markers?: readonly ChartMarker[];
  /** Chart title. Default `"LR range test"`. */
  readonly title?: string;
  /** Second title line (steps, why the test stopped). Default: none. */
  readonly subtitle?: string;
}

/**
 * Loss (raw and smoothed) against log lr, with the accuracy below it when measured: the chart
 * of `cyclr find` and of the bench's report. Past divergence the loss dwarfs the rest, so the
 * loss axis stops at 1.5 x the starting smoothed loss: the part the bounds come from fills it.
 */
export function rangeTestChartSpec(
  curves: RangeTestCurves,
  options: RangeTestChartOptions = {},
): TopLevelSpec {
  const startLoss = curves.smoothedLosses[0];
  const yMax = startLoss !== undefined && Number.isFinite(startLoss) ? 1.5 * startLoss : undefined;
  const markers = options.markers ?? [];
  const panels: ChartPanel[] = [
    {
      title: 'training loss',
      ...(yMax === undefined ? {} : { yMax }),
      series: [
        { name: 'loss', x: curves.lrs, y: curves.losses },
        { name: 'smoothed', x: curves.lrs, y: curves.smoothedLosses },
      ],
      markers,
    },
  ];
  if (curves.metrics !== undefined) {
    panels.push({
      title: 'test accuracy',
      series: [{ name: 'accuracy', x: curves.metrics.lrs, y: curves.metrics.values }],
      markers,
    });
  }
  return lineChartSpec(panels, {
    title: options.title ?? 'LR range test',
    ...(options.subtitle === undefined ? {} : { subtitle: options.subtitle }),
    xTitle: 'learning rate',
    logX: true,
  });
}
