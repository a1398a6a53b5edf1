import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSvg } from '@cyclr/cli/charts';
import type { BenchResults } from '../results.js';
import { renderCharts } from './charts.js';
import { frontierSpec } from './frontier-chart.js';
import { htmlReport } from './html.js';
import { markdownReport } from './markdown.js';

/** Writes results.json, report.md, the SVG charts and index.html into `dir`; returns the paths. */
export async function writeReport(results: BenchResults, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const charts = await renderCharts(results);
  const frontier = frontierSpec(results);
  if (frontier) charts.set('frontier.svg', await renderSvg(frontier));
  const files = new Map<string, string>([
    ['results.json', `${JSON.stringify(results, null, 2)}\n`],
    ['report.md', markdownReport(results)],
    ...charts,
    ['index.html', htmlReport(results, charts)],
  ]);
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    await writeFile(path, content);
    written.push(path);
  }
  return written;
}
