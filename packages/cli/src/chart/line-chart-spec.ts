import type { TopLevelSpec } from 'vega-lite';
import { decimate } from './decimate.js';

/** One line of a chart: `y[i]` plotted at `x[i]`. Non-finite points are left out. */
export interface ChartSeries {
  /** Legend label (shown when a panel has more than one series). */
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** One panel (its own y axis) of a chart; panels are stacked and share the x axis. */
export interface ChartPanel {
  /** Y-axis title, e.g. `"lr"` or `"momentum"`. */
  readonly title: string;
  readonly series: readonly ChartSeries[];
  /** Logarithmic y axis. Default `false`. */
  readonly logY?: boolean;
  /** Upper end of the y axis; points above it are clipped. Default: the data's maximum. */
  readonly yMax?: number;
  /** Labelled vertical lines, e.g. the suggested bounds of a range test. Default: none. */
  readonly markers?: readonly ChartMarker[];
}

/** A labelled vertical line at `x`. */
export interface ChartMarker {
  readonly x: number;
  readonly label: string;
}

/** Layout of {@link lineChartSpec}. */
export interface LineChartOptions {
  /** Chart title. Default: none. */
  readonly title?: string;
  /** Second title line, e.g. the spec. Default: none. */
  readonly subtitle?: string;
  /** X-axis title. Default `"step"`. */
  readonly xTitle?: string;
  /** Logarithmic x axis (range-test curves plot loss against log lr). Default `false`. */
  readonly logX?: boolean;
  /** Plot width in pixels. Default 640. */
  readonly width?: number;
  /** Height of each panel in pixels. Default 220. */
  readonly panelHeight?: number;
  /**
   * Points kept per series; longer series are thinned keeping each bucket's min and max,
   * so an SVG of a million steps stays small and its peaks stay visible. Default 2000.
   */
  readonly maxPoints?: number;
}

/** Tableau-10, vega's default palette; one colour per panel, or per series inside a panel. */
const palette = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2'];

/** Fonts that exist on most machines, so a rasterized PNG shows its text. */
const font = 'Helvetica, Arial, "DejaVu Sans", "Liberation Sans", sans-serif';

/**
 * A vega-lite spec of stacked line charts sharing one x axis: the chart behind `cyclr plot`
 * (lr and momentum panels) and `cyclr find` (loss against lr). Pure data, no rendering: pass
 * it to vega-lite's `compile` and a vega `View` (see `renderSvg`), or embed it in a web page.
 *
 * @example
 * ```ts
 * const spec = lineChartSpec([{ title: 'lr', series: [{ name: 'lr', x: [0, 1, 2], y: [0.1, 0.5, 0.1] }] }], {
 *   title: 'triangular',
 * });
 * const svg = await renderSvg(spec);
 * ```
 */
export function lineChartSpec(
  panels: readonly ChartPanel[],
  options: LineChartOptions = {},
): TopLevelSpec {
  const width = options.width ?? 640;
  const height = options.panelHeight ?? 220;
  const maxPoints = options.maxPoints ?? 2000;
  const xTitle = options.xTitle ?? 'step';
  const charts = panels.map((panel, panelIndex) => {
    const values: { x: number; y: number; series: string }[] = [];
    for (const series of panel.series) {
      const thinned = decimate(series.x, series.y, maxPoints);
      for (let i = 0; i < thinned.x.length; i++) {
        const x = thinned.x[i] as number;
        const y = thinned.y[i] as number;
        if (Number.isFinite(x) && Number.isFinite(y)) values.push({ x, y, series: series.name });
      }
    }
    const multiple = panel.series.length > 1;
    const line = {
      data: { values },
      mark: {
        type: 'line' as const,
        strokeWidth: 2,
        clip: true,
        ...(multiple ? {} : { color: palette[panelIndex % palette.length] }),
      },
      encoding: {
        x: {
          field: 'x',
          type: 'quantitative' as const,
          title: xTitle,
          scale: options.logX ? { type: 'log' as const } : { zero: false, nice: false },
          ...(options.logX ? { axis: { format: '~e' } } : {}),
        },
        y: {
          field: 'y',
          type: 'quantitative' as const,
          title: panel.title,
          scale: {
            ...(panel.logY ? { type: 'log' as const } : { zero: false }),
            ...(panel.yMax === undefined ? {} : { domainMax: panel.yMax }),
          },
          ...(panel.logY ? { axis: { format: '~e' } } : {}),
        },
        ...(multiple
          ? {
              color: {
                field: 'series',
                type: 'nominal' as const,
                title: null,
                sort: panel.series.map((series) => series.name),
                scale: { range: palette },
                legend: { orient: 'top' as const },
              },
              detail: { field: 'series', type: 'nominal' as const },
            }
          : {}),
      },
    };
    const markers = panel.markers ?? [];
    if (markers.length === 0) return { width, height, ...line };
    const markerData = { values: markers.map((marker) => ({ x: marker.x, label: marker.label })) };
    const markerX = { field: 'x', type: 'quantitative' as const };
    return {
      width,
      height,
      layer: [
        line,
        {
          data: markerData,
          mark: { type: 'rule' as const, strokeDash: [4, 3], color: '#555' },
          encoding: { x: markerX },
        },
        // One text layer per marker, each a line lower, so close markers' labels don't overlap.
        ...markers.map((marker, index) => ({
          data: { values: [{ x: marker.x, label: marker.label }] },
          mark: {
            type: 'text' as const,
            align: 'left' as const,
            baseline: 'top' as const,
            dx: 3,
            dy: 3 + 14 * index,
            color: '#333',
          },
          encoding: { x: markerX, y: { value: 0 }, text: { field: 'label' } },
        })),
      ],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title !== undefined
      ? {
          title: {
            text: options.title,
            ...(options.subtitle !== undefined ? { subtitle: options.subtitle } : {}),
            anchor: 'start' as const,
            // Without a canvas vega over-estimates text width; a limit keeps the SVG tight.
            limit: width,
          },
        }
      : {}),
    background: 'white',
    padding: 12,
    vconcat: charts,
    resolve: { scale: { x: 'shared', color: 'independent' } },
    config: { font, view: { stroke: '#ddd' } },
  } as TopLevelSpec;
}
