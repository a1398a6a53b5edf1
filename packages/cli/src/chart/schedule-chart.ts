import type { Schedule } from '@cyclr/core';
import type { TopLevelSpec } from 'vega-lite';
import { scheduleValues } from '../series.js';
import { decimate } from './decimate.js';
import {
  type ChartPanel,
  type ChartSeries,
  type LineChartOptions,
  lineChartSpec,
} from './line-chart-spec.js';
import { renderSvg } from './render.js';

/** What to draw of a schedule, and how: {@link scheduleChartSpec}, {@link renderScheduleChart}. */
export interface ScheduleChartOptions
  extends Pick<LineChartOptions, 'width' | 'panelHeight' | 'maxPoints' | 'title' | 'subtitle'> {
  /** Number of steps to draw. */
  readonly steps: number;
  /** First step drawn. Default 0. */
  readonly start?: number;
  /** Logarithmic lr axis (for exponential decay, range-test sweeps). Default `false`. */
  readonly logLr?: boolean;
}

/** Which steps of a schedule to sample: {@link scheduleSeries}. */
export interface ScheduleSeriesOptions {
  /** Number of steps. */
  readonly steps: number;
  /** First step. Default 0. */
  readonly start?: number;
  /**
   * Points kept per series: longer ones are thinned keeping each bucket's min and max, so a
   * cycle's peaks survive (a fixed stride can step over them). Default: every step.
   */
  readonly maxPoints?: number;
}

/**
 * A schedule's lr (and momentum, when it cycles it) at consecutive steps, as chart series:
 * the one way schedules are sampled for a chart, by `cyclr plot` and the bench alike.
 */
export function scheduleSeries(
  schedule: Schedule,
  options: ScheduleSeriesOptions,
): { readonly lr: ChartSeries; readonly momentum?: ChartSeries } {
  const start = options.start ?? 0;
  const values = scheduleValues(schedule, options.steps, start);
  const steps = Array.from({ length: options.steps }, (_, i) => start + i);
  const series = (name: string, y: readonly number[]): ChartSeries => {
    const thinned =
      options.maxPoints === undefined ? { x: steps, y } : decimate(steps, y, options.maxPoints);
    return { name, x: thinned.x, y: thinned.y };
  };
  const lr = series('lr', values.lr);
  return values.momentum ? { lr, momentum: series('momentum', values.momentum) } : { lr };
}

/**
 * A vega-lite spec of a schedule: an `lr` panel and, for policies that cycle it, a `momentum`
 * panel below it on the same step axis. The title defaults to the schedule's spec.
 *
 * @example
 * ```ts
 * import { fromSpec } from '@cyclr/core';
 * const spec = scheduleChartSpec(fromSpec({ policy: 'oneCycle', maxLr: 0.1, totalSteps: 1000 }), {
 *   steps: 1000,
 * });
 * ```
 */
export function scheduleChartSpec(schedule: Schedule, options: ScheduleChartOptions): TopLevelSpec {
  const { lr, momentum } = scheduleSeries(schedule, options);
  const panels: ChartPanel[] = [{ title: 'lr', series: [lr], logY: options.logLr ?? false }];
  if (momentum) panels.push({ title: 'momentum', series: [momentum] });
  const fromSchedule = options.title === undefined ? specText(schedule) : undefined;
  const subtitle = options.subtitle ?? fromSchedule?.subtitle;
  return lineChartSpec(panels, {
    ...options,
    title: options.title ?? fromSchedule?.title ?? 'schedule',
    ...(subtitle !== undefined ? { subtitle } : {}),
    panelHeight: options.panelHeight ?? (momentum ? 180 : 240),
  });
}

/**
 * Renders a schedule chart ({@link scheduleChartSpec}) to an SVG document, in Node or any
 * runtime without a DOM.
 */
export function renderScheduleChart(
  schedule: Schedule,
  options: ScheduleChartOptions,
): Promise<string> {
  return renderSvg(scheduleChartSpec(schedule, options));
}

/** Title from the spec: the policy name, then its parameters (best effort for custom ones). */
function specText(schedule: Schedule): { title: string; subtitle?: string } {
  try {
    const { policy, ...params } = schedule.toJSON();
    const text = JSON.stringify(params);
    return { title: policy, subtitle: text };
  } catch {
    // A schedule built from a function parameter (a custom scaleFn) has no JSON form.
    return { title: 'schedule' };
  }
}
