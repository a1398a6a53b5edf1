import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { describeValue } from './describe.js';
import { inputError, oneLine, usageError } from './errors.js';

/** The chart file formats `--out` accepts, by extension. */
export type ChartFormat = 'svg' | 'png';

/** The format of an `--out` file name; a usage error for anything but .svg or .png. */
export function chartFormat(out: string): ChartFormat {
  const extension = extname(out).toLowerCase();
  if (extension === '.svg') return 'svg';
  if (extension === '.png') return 'png';
  throw usageError(
    `expected --out to be a file name ending in .svg or .png, got ${describeValue(out)}`,
  );
}

/**
 * Renders a chart and writes it as SVG or PNG (by `file`'s extension). A PNG rasterizer or
 * write failure becomes one input-error line naming `--out` as the user typed it (`shownAs`).
 */
export async function writeChartFile(
  spec: TopLevelSpec,
  file: string,
  shownAs: string,
): Promise<ChartFormat> {
  const format = chartFormat(shownAs);
  // vega loads on first use: commands that draw nothing do not pay for it.
  const { renderSvg, svgToPng } = await import('./chart/render.js');
  const svg = await renderSvg(spec);
  let content: string | Uint8Array = svg;
  if (format === 'png') {
    try {
      content = await svgToPng(svg);
    } catch (error) {
      throw inputError(oneLine((error as Error).message));
    }
  }
  try {
    writeFileSync(file, content);
  } catch (error) {
    throw inputError(`cannot write --out ${shownAs}: ${oneLine((error as Error).message)}`);
  }
  return format;
}
