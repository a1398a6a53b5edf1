import { blue, type Color, colored, plot, yellow } from 'asciichart';

/** Layout of {@link terminalChart}. */
export interface TerminalChartOptions {
  /** Total width in columns, labels included. Default 80. */
  readonly columns?: number;
  /** Rows of the plot area. Default 12. */
  readonly rows?: number;
  /** ANSI colour for the line, or `undefined` for none. */
  readonly color?: Color;
}

const labelWidth = 10;
/** asciichart puts the axis (` ┤`) after the label: two characters plus one for the line start. */
const axisWidth = 3;

/** Colours for the lr and momentum lines when the terminal supports colour. */
export const terminalColors = { lr: blue, momentum: yellow } as const;

/**
 * A line chart of consecutive values drawn with box characters (asciichart), with a title line
 * and the labels of the first and last value under the axis (`step 0`, `step 999`). More values than columns are drawn as a band
 * (the min and max of each column) when a column hides whole cycles, so fast cycles do not
 * alias into a misleading slow wave.
 */
export function terminalChart(
  title: string,
  values: readonly number[],
  xLabels: readonly [first: string, last: string],
  options: TerminalChartOptions = {},
): string {
  const columns = Math.max(30, options.columns ?? 80);
  const rows = Math.max(3, options.rows ?? 12);
  const plotWidth = columns - labelWidth - axisWidth;
  const { series, band } = columnSeries(values, plotWidth);
  const first = series[0]?.[0] ?? 0;
  const flat = series.every((line) => line.every((value) => value === first));
  // asciichart mislabels a flat line (its row range is zero); a constant needs one row anyway.
  const chart = flat
    ? `${formatTick(first).padStart(labelWidth)} ┼${colored('─'.repeat(plotWidth), options.color)}`
    : plotRows(series, rows, options.color);
  const [firstLabel, lastLabel] = xLabels;
  const width = labelWidth + axisWidth - 1 + (series[0]?.length ?? 0);
  const gap = Math.max(1, width - labelWidth - firstLabel.length - lastLabel.length);
  const axis = `${' '.repeat(labelWidth)}${firstLabel}${' '.repeat(gap)}${lastLabel}`;
  const note = band ? '\n(cycles are shorter than a column: drawn as the min/max band)' : '';
  return `${title}${note}\n${chart}\n${axis}`;
}

/**
 * asciichart rounds `value * rows / range` per value, so two equal values a rounding error
 * apart can land a row apart (0.95 vs 0.9500000000000001). Plotting row coordinates
 * `(value - min) / (max - min) * (rows - 1)` gives each value its nearest row; the labels map
 * back to values.
 */
function plotRows(series: readonly number[][], rows: number, color: Color): string {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const line of series) {
    for (const value of line) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  const top = rows - 1;
  const scaled = series.map((line) => line.map((value) => ((value - min) / (max - min)) * top));
  return plot(scaled, {
    height: top,
    min: 0,
    max: top,
    format: (row) => formatTick(min + (row / top) * (max - min)).padStart(labelWidth),
    colors: series.map(() => color),
  });
}

/**
 * Resamples to one value per column: the column's peak or trough when it holds one (so maxima
 * are drawn at their true height), else its middle value; a band (max and min per column) when
 * the columns hide whole cycles.
 */
function columnSeries(
  values: readonly number[],
  width: number,
): { series: number[][]; band: boolean } {
  const length = values.length;
  if (length === 0) return { series: [[]], band: false };
  // Fewer values than columns are stretched (each value repeated) so steps stay steps.
  const count = width;
  const sampled: number[] = [];
  const middles: number[] = [];
  const maxima: number[] = [];
  const minima: number[] = [];
  for (let column = 0; column < count; column++) {
    const lo = Math.floor((column * length) / count);
    const hi = Math.max(lo + 1, Math.floor(((column + 1) * length) / count));
    let bucketMin = Number.POSITIVE_INFINITY;
    let bucketMax = Number.NEGATIVE_INFINITY;
    for (let i = lo; i < hi; i++) {
      const value = values[i] as number;
      if (value < bucketMin) bucketMin = value;
      if (value > bucketMax) bucketMax = value;
    }
    maxima.push(bucketMax);
    minima.push(bucketMin);
    const first = values[lo] as number;
    const last = values[hi - 1] as number;
    middles.push(values[lo + Math.floor((hi - lo) / 2)] as number);
    sampled.push(
      column === 0
        ? (values[0] as number)
        : column === count - 1
          ? (values[length - 1] as number)
          : bucketMax > Math.max(first, last)
            ? bucketMax
            : bucketMin < Math.min(first, last)
              ? bucketMin
              : (values[lo + Math.floor((hi - lo) / 2)] as number),
    );
  }
  // Within-column movement much larger than the movement the sampled line shows means the
  // columns hide cycles: draw the envelope instead of an aliased line.
  let hidden = 0;
  let shown = 0;
  for (let column = 0; column < count; column++) {
    hidden += (maxima[column] as number) - (minima[column] as number);
    if (column > 0)
      shown += Math.abs((middles[column] as number) - (middles[column - 1] as number));
  }
  const band = hidden > 1.5 * shown + 1e-300;
  return { series: band ? [maxima, minima] : [sampled], band };
}

/** Tick labels: 3 significant digits, exponent form for very small or large values. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(value.toPrecision(3)));
  return value.toExponential(2).replace(/\.?0+e/, 'e');
}
