// `@cyclr/cli/charts`: the chart module of cyclr, shared by the CLI and the bench. Specs are
// plain vega-lite; rendering is headless (vega's SVG renderer, resvg for PNG).

/** A vega-lite spec, for charts built beside these (one vega-lite version for all). */
export type { TopLevelSpec } from 'vega-lite';
export type {
  ChartMarker,
  ChartPanel,
  ChartSeries,
  LineChartOptions,
} from './line-chart-spec.js';
export { lineChartSpec } from './line-chart-spec.js';
export type { RangeTestChartOptions, RangeTestCurves } from './range-test-chart.js';
export { rangeTestChartSpec } from './range-test-chart.js';
export { renderSvg, svgToPng } from './render.js';
export type { ScheduleChartOptions, ScheduleSeriesOptions } from './schedule-chart.js';
export { renderScheduleChart, scheduleChartSpec, scheduleSeries } from './schedule-chart.js';
