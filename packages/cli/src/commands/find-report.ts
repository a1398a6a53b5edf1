import type { PolicySpec } from '@cyclr/core';
import type { LrBounds, RangeTestData } from '@cyclr/rangefinder';
import { rangeTestChartSpec } from '../chart/range-test-chart.js';
import { rangeTestMarkers, round, suggestionLabels } from '../chart/range-test-markers.js';
import { terminalChart, terminalColors } from '../chart/terminal.js';
import { writeChartFile } from '../chart-file.js';
import type { CliIO } from '../io.js';
import type { FindSettings } from './find-options.js';

/** Half a cycle of 4 epochs: inside the 2-10 epochs the CLR paper recommends. */
const epochsPerHalfCycle = 4;
/** 1cycle over 10 epochs: one cycle over the whole (short) budget, as Smith & Topin do. */
const oneCycleEpochs = 10;

/** Ready-to-use specs from the bounds, rounded to what a person would type. */
export interface SuggestedSpecs {
  readonly triangular: PolicySpec;
  readonly oneCycle: PolicySpec;
}

/** A triangular spec (half cycle of 4 epochs) and a 1cycle spec (10 epochs) from the bounds. */
export function suggestedSpecs(bounds: LrBounds, stepsPerEpoch: number): SuggestedSpecs {
  return {
    triangular: {
      policy: 'triangular',
      baseLr: round(bounds.baseLr),
      maxLr: round(bounds.maxLr),
      stepSize: epochsPerHalfCycle * stepsPerEpoch,
    },
    oneCycle: {
      policy: 'oneCycle',
      maxLr: round(bounds.maxLr),
      totalSteps: oneCycleEpochs * stepsPerEpoch,
    },
  };
}

/** What the range test ran on, for the report's first line. */
export interface FindSetup {
  readonly settings: FindSettings;
  readonly trainCount: number;
  readonly inputSize: number;
  readonly classCount: number;
  readonly stepsPerEpoch: number;
}

/** The text report: setup, how the sweep ended, the loss chart, suggestions, bounds, specs. */
export function formatReport(
  setup: FindSetup,
  result: RangeTestData,
  bounds: { readonly value: LrBounds; readonly from: 'accuracy' | 'edge' } | undefined,
  io: CliIO,
): string {
  const { settings } = setup;
  const optimizer =
    settings.optimizer === 'sgd'
      ? `SGD momentum ${settings.momentum}`
      : `Adam beta1 ${settings.momentum}`;
  const data =
    settings.data === undefined ? 'Fashion-MNIST subset' : `Fashion-MNIST from ${settings.data}`;
  const lines = [
    `Range test on ${data} (${setup.trainCount} training images), MLP ${setup.inputSize}-${settings.hidden}-${setup.classCount}, ${optimizer}, batch ${settings.batchSize}, seed ${settings.seed}`,
    `lr ${settings.startLr} -> ${settings.endLr} over ${settings.steps} steps (exponential): ${stopText(result)}`,
    '',
    lossChart(result, io),
    '',
    `suggested lr: ${suggestionText(result)}`,
  ];
  if (bounds !== undefined) {
    const specs = suggestedSpecs(bounds.value, setup.stepsPerEpoch);
    lines.push(
      `${bounds.from === 'edge' ? 'bounds from the edge suggestion (maxLr = max(edge / 4, 2 x robust), baseLr = maxLr / 4)' : 'bounds from the accuracy curve'}: baseLr ${round(bounds.value.baseLr)}, maxLr ${round(bounds.value.maxLr)}`,
      '',
      `Specs (stepSize = ${epochsPerHalfCycle} epochs of ${setup.stepsPerEpoch} steps; 1cycle over ${oneCycleEpochs} epochs):`,
      `  cyclr plot '${JSON.stringify(specs.triangular)}' --steps ${4 * (specs.triangular.stepSize as number)}`,
      `  cyclr plot '${JSON.stringify(specs.oneCycle)}'`,
    );
  }
  if (settings.out !== undefined) lines.push('', `wrote ${settings.out}`);
  if (settings.save !== undefined) {
    lines.push(
      `${settings.out === undefined ? '\n' : ''}saved ${settings.save} (draw it with: cyclr plot ${settings.save} --out chart.svg)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function stopText(result: RangeTestData): string {
  const lastLr = round(result.lrs.at(-1) ?? 0);
  switch (result.reason) {
    case 'completed':
      return `completed ${result.stoppedAt} steps`;
    case 'diverged':
      return `stopped after ${result.stoppedAt} steps: the loss diverged at lr ${lastLr}`;
    case 'nonFinite':
      return `stopped after ${result.stoppedAt} steps: the loss became NaN/inf at lr ${lastLr}`;
    default:
      return `stopped after ${result.stoppedAt} steps (${result.reason})`;
  }
}

export function suggestionText(result: RangeTestData): string {
  const parts = suggestionLabels.flatMap(([key, label]) => {
    const suggestion = result.suggestions[key];
    return suggestion === undefined ? [] : [`${label} ${round(suggestion.lr)}`];
  });
  return parts.length > 0 ? parts.join(', ') : 'none (the curve is too short)';
}

/**
 * The smoothed loss against the step (the sweep is exponential, so x is log lr), clipped a
 * little above the starting loss: the blow-up at the end would otherwise squash the part of
 * the curve the bounds come from into a row or two.
 */
export function lossChart(result: RangeTestData, io: CliIO): string {
  const finite = result.smoothedLosses.filter(Number.isFinite);
  const cap = 1.1 * (finite[0] ?? 0);
  const first = result.lrs[0] ?? 0;
  const last = result.lrs[finite.length - 1] ?? first;
  return terminalChart(
    `smoothed loss against lr (log scale; clipped at 1.1 x the starting loss, ${round(cap)})`,
    finite.map((loss) => Math.min(loss, cap)),
    [`lr ${round(first)}`, `lr ${round(last)}`],
    {
      columns: Math.min(io.columns ?? 80, 160),
      rows: 10,
      color: io.color ? terminalColors.lr : undefined,
    },
  );
}

/** Writes the range-test chart (loss and metric against log lr, suggestions and bounds marked). */
export async function writeCurve(
  path: string,
  shown: string,
  result: RangeTestData,
  bounds: LrBounds | undefined,
): Promise<void> {
  const spec = rangeTestChartSpec(result, {
    markers: rangeTestMarkers(result, bounds),
    subtitle: `${result.stoppedAt} steps, ${result.reason}`,
  });
  await writeChartFile(spec, path, shown);
}

export { round } from '../chart/range-test-markers.js';
