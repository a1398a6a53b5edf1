import { resolve } from 'node:path';
import type { PolicySpec } from '@cyclr/core';
import { scheduleChartSpec } from '../chart/schedule-chart.js';
import { terminalChart, terminalColors } from '../chart/terminal.js';
import { chartFormat, writeChartFile } from '../chart-file.js';
import { describeValue } from '../describe.js';
import { inputError, oneLine, usageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { parseIntegerOption } from '../options.js';
import { readScheduleInput, type StepOptions } from '../schedule-input.js';
import { scheduleValues } from '../series.js';

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
  const { spec, schedule, steps, start } = readScheduleInput(specArgument, options, io.cwd);

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
