import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { inputError, oneLine } from '../errors.js';

/**
 * Renders a chart spec and writes it to `path` as SVG, or as PNG when the name ends in .png.
 * `shown` is the path as the user gave it, for messages.
 */
export async function writeChartFile(
  path: string,
  shown: string,
  spec: TopLevelSpec,
): Promise<void> {
  const { renderSvg, svgToPng } = await import('./render.js');
  const svg = await renderSvg(spec);
  let content: string | Uint8Array = svg;
  if (extname(path).toLowerCase() === '.png') {
    try {
      content = await svgToPng(svg);
    } catch (error) {
      throw inputError(oneLine((error as Error).message));
    }
  }
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw inputError(`cannot write --out ${shown}: ${oneLine((error as Error).message)}`);
  }
}
