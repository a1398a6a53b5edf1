import type { Schedule } from '@cyclr/core';
import uPlot from 'uplot';
import { colourOf } from './palette.js';

export interface PlotInput {
  readonly schedules: readonly Schedule[];
  readonly labels: readonly string[];
  readonly steps: readonly number[];
  /** Divide steps by this for an epoch axis; 1 for steps. */
  readonly stepsPerEpoch: number | undefined;
  readonly logScale: boolean;
}

/** What the chart plots, kept so tests can compare it with `@cyclr/core` directly. */
export interface PlottedData {
  readonly steps: readonly number[];
  readonly lr: readonly (readonly number[])[];
  readonly momentum: readonly (readonly number[] | undefined)[];
}

const formatValue = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : Number(value.toPrecision(6)).toString();

/** lr (left axis) and momentum (right axis, dashed) of every overlay, with a hover readout. */
export class ScheduleChart {
  private plot: uPlot | undefined;
  private lastKey = '';
  plotted: PlottedData = { steps: [], lr: [], momentum: [] };

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => this.resize()).observe(container);
  }

  render(input: PlotInput): void {
    const { schedules, steps } = input;
    const lr = schedules.map((schedule) => steps.map((step) => schedule.lr(step)));
    const momentum = schedules.map((schedule) =>
      schedule.momentum === undefined
        ? undefined
        : steps.map((step) => (schedule.momentum as (t: number) => number)(step)),
    );
    this.plotted = { steps, lr, momentum };
    const xs = steps.map((step) => (input.stepsPerEpoch ? step / input.stepsPerEpoch : step));
    const data: uPlot.AlignedData = [xs, ...lr];
    const series: uPlot.Series[] = [
      { label: input.stepsPerEpoch ? 'epoch' : 'step', value: (_u, v) => formatValue(v) },
      ...schedules.map((_s, i) => ({
        label: `lr ${input.labels[i]}`,
        stroke: colourOf(i),
        width: 2,
        scale: 'lr',
        value: (_u: uPlot, v: number | null) => formatValue(v),
      })),
    ];
    momentum.forEach((values, i) => {
      if (values === undefined) return;
      data.push(values);
      series.push({
        label: `momentum ${input.labels[i]}`,
        stroke: colourOf(i),
        width: 1.5,
        dash: [6, 4],
        scale: 'momentum',
        value: (_u, v) => formatValue(v),
      });
    });
    const hasMomentum = momentum.some((values) => values !== undefined);
    // uPlot redraws data cheaply but needs a new instance when the series or axes change.
    const key = JSON.stringify([series.map((s) => s.label), input.logScale, input.stepsPerEpoch]);
    if (this.plot && key === this.lastKey) {
      this.plot.setData(data);
      return;
    }
    this.lastKey = key;
    this.plot?.destroy();
    const { width, height } = this.size();
    this.plot = new uPlot(
      {
        width,
        height,
        series,
        scales: {
          x: { time: false },
          lr: input.logScale ? { distr: 3 } : {},
          momentum: { range: (_u, min, max) => [Math.min(min, 0.8), Math.max(max, 1)] },
        },
        axes: [
          { label: input.stepsPerEpoch ? 'epoch' : 'step' },
          {
            scale: 'lr',
            label: 'learning rate',
            size: 70,
            values: (_u, ticks) => ticks.map(formatTick),
          },
          ...(hasMomentum
            ? [{ scale: 'momentum', side: 1 as const, label: 'momentum', grid: { show: false } }]
            : []),
        ],
        cursor: { drag: { x: true, y: false } },
        legend: { live: true },
      },
      data,
      this.container,
    );
  }

  private size(): { width: number; height: number } {
    const width = Math.max(280, this.container.clientWidth);
    return { width, height: Math.round(Math.min(420, Math.max(240, width * 0.5))) };
  }

  private resize(): void {
    if (this.plot) this.plot.setSize(this.size());
  }
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e4
    ? value.toExponential(0)
    : String(Number(value.toPrecision(3)));
}
