import type { Schedule } from '@cyclr/core';
import type { TopLevelSpec } from 'vega-lite';
import { scheduleValues } from '../series.js';
import { type ChartPanel, type LineChartOptions, lineChartSpec } from './line-chart-spec.js';
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
  const start = options.start ?? 0;
  const values = scheduleValues(schedule, options.steps, start);
  const steps = Array.from({ length: options.steps }, (_, i) => start + i);
  const panels: ChartPanel[] = [
    { title: 'lr', series: [{ name: 'lr', x: steps, y: values.lr }], logY: options.logLr ?? false },
  ];
  if (values.momentum) {
    panels.push({
      title: 'momentum',
      series: [{ name: 'momentum', x: steps, y: values.momentum }],
    });
  }
  const fromSchedule = options.title === undefined ? specText(schedule) : undefined;
  const subtitle = options.subtitle ?? fromSchedule?.subtitle;
  return lineChartSpec(panels, {
    ...options,
    title: options.title ?? fromSchedule?.title ?? 'schedule',
    ...(subtitle !== undefined ? { subtitle } : {}),
    panelHeight: options.panelHeight ?? (values.momentum ? 180 : 240),
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
