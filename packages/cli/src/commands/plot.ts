import { resolve } from 'node:path';
import type { PolicySpec } from '@cyclr/core';
import { rangeTestChartSpec } from '../chart/range-test-chart.js';
import { rangeTestMarkers, round } from '../chart/range-test-markers.js';
import { scheduleChartSpec } from '../chart/schedule-chart.js';
import { terminalChart, terminalColors } from '../chart/terminal.js';
import { chartFormat, writeChartFile } from '../chart-file.js';
import { usageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { parseIntegerOption } from '../options.js';
import { isSavedRangeTest, readSavedRangeTest, type SavedRangeTest } from '../range-test-input.js';
import { readScheduleInput, type StepOptions } from '../schedule-input.js';
import { scheduleValues } from '../series.js';
import { readJsonObject } from '../spec-input.js';
import { lossChart, suggestionText } from './find-report.js';

/** Options of `cyclr plot`. */
export interface PlotOptions extends StepOptions {
  readonly out?: string;
  readonly rows?: string;
  readonly log?: boolean;
}

/**
 * `cyclr plot <spec> --steps N [--out chart.svg|chart.png]`: lr (and momentum) drawn in the
 * terminal, or written as an SVG or PNG file.
 */
export async function plotCommand(
  specArgument: string,
  options: PlotOptions,
  io: CliIO,
): Promise<void> {
  const format = options.out === undefined ? undefined : chartFormat(options.out);
  const rows =
    options.rows === undefined
      ? 12
      : parseIntegerOption('--rows', options.rows, { min: 3, max: 200 });
  const input = readJsonObject(specArgument, io.cwd);
  if (isSavedRangeTest(input.value)) {
    await plotRangeTest(readSavedRangeTest(input), options, io);
    return;
  }
  const { spec, schedule, steps, start } = readScheduleInput(
    input.value as PolicySpec,
    options,
    io.cwd,
  );

  if (options.out === undefined || format === undefined) {
    const values = scheduleValues(schedule, steps, start);
    const layout = { columns: Math.min(io.columns ?? 80, 160), rows };
    const xLabels = [`step ${start}`, `step ${start + steps - 1}`] as const;
    const charts = [
      terminalChart(rangeTitle('lr', values.lr), values.lr, xLabels, {
        ...layout,
        color: io.color ? terminalColors.lr : undefined,
      }),
    ];
    if (values.momentum) {
      charts.push(
        terminalChart(rangeTitle('momentum', values.momentum), values.momentum, xLabels, {
          ...layout,
          rows: Math.max(3, Math.round(rows / 2)),
          color: io.color ? terminalColors.momentum : undefined,
        }),
      );
    }
    io.stdout(`${charts.join('\n\n')}\n`);
    return;
  }

  await writeChartFile(
    scheduleChartSpec(schedule, {
      steps,
      start,
      logLr: options.log ?? false,
      title: spec.policy,
      subtitle: JSON.stringify(withoutPolicy(spec)),
    }),
    resolve(io.cwd, options.out),
    options.out,
  );
  io.stdout(
    `wrote ${options.out} (${format.toUpperCase()}, steps ${start}-${start + steps - 1})\n`,
  );
}

/**
 * A saved range test (`cyclr find --save`): the loss chart and the suggestions in the
 * terminal, or the fastai-style chart with suggestions and bounds marked in a file.
 */
async function plotRangeTest(saved: SavedRangeTest, options: PlotOptions, io: CliIO) {
  if (options.steps !== undefined || options.start !== undefined || options.log !== undefined) {
    throw usageError(
      'expected no --steps, --start or --log with a range-test result (its lr axis is always logarithmic), got one',
    );
  }
  const { result, bounds } = saved;
  if (options.out === undefined) {
    const lines = [lossChart(result, io), '', `suggested lr: ${suggestionText(result)}`];
    if (bounds !== undefined) {
      lines.push(`bounds: baseLr ${round(bounds.baseLr)}, maxLr ${round(bounds.maxLr)}`);
    }
    io.stdout(`${lines.join('\n')}\n`);
    return;
  }
  const format = chartFormat(options.out);
  await writeChartFile(
    rangeTestChartSpec(result, {
      markers: rangeTestMarkers(result, bounds),
      subtitle: `${result.stoppedAt} steps, ${result.reason}`,
    }),
    resolve(io.cwd, options.out),
    options.out,
  );
  io.stdout(
    `wrote ${options.out} (${format.toUpperCase()}, range test of ${result.lrs.length} steps)\n`,
  );
}
function rangeTitle(name: string, values: readonly number[]): string {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return `${name}  (min ${min}, max ${max}, first ${values[0]}, last ${values[values.length - 1]})`;
}

function withoutPolicy(spec: PolicySpec): Record<string, unknown> {
  const { policy: _policy, ...params } = spec;
  return params;
}
