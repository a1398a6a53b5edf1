import {
  rangeTestChartSpec,
  renderSvg,
  scheduleSeries,
  type TopLevelSpec,
} from '@cyclr/cli/charts';
import { fromSpec } from '@cyclr/core';
import { mean } from '../metrics.js';
import type { BenchResults } from '../results.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Baselines dashed, cyclic policies solid, spec files dotted. */
const DASHES = { baseline: [5, 3], cyclic: [1, 0], fixed: [2, 2] };

/** The x axis of every chart against the learning rate. */
const logLrAxis = {
  field: 'lr',
  type: 'quantitative',
  scale: { type: 'log' },
  title: 'learning rate (log)',
} as const;

function policyOrder(results: BenchResults): string[] {
  return results.summary.policies.map((policy) => policy.policy);
}

function kindOf(results: BenchResults, policy: string): string {
  return results.summary.policies.find((summary) => summary.policy === policy)?.kind ?? 'fixed';
}

/** Test accuracy against iteration: the seed mean as a line, min-max over seeds as a band. */
export function accuracySpec(results: BenchResults): TopLevelSpec {
  const rows: {
    policy: string;
    kind: string;
    iteration: number;
    mean: number;
    min: number;
    max: number;
  }[] = [];
  for (const policy of policyOrder(results)) {
    const runs = results.runs.filter((run) => run.policy === policy);
    const first = runs[0];
    if (!first) continue;
    first.curve.forEach(([iteration], index) => {
      const values = runs.map((run) => (run.curve[index] as [number, number])[1]);
      rows.push({
        policy,
        kind: kindOf(results, policy),
        iteration,
        mean: mean(values),
        min: Math.min(...values),
        max: Math.max(...values),
      });
    });
  }
  // Zoom on where the policies differ: the first evaluations (near chance) would flatten the rest.
  const finals = results.summary.policies.map((policy) => policy.finalMean);
  const low = Math.max(0, Math.floor((Math.min(...finals) - 0.06) * 100) / 100);
  const high = Math.min(
    1,
    Math.ceil((Math.max(...rows.map((row) => row.max)) + 0.005) * 100) / 100,
  );
  const target = results.summary.reference?.finalMean;
  const seeds = results.protocol.seeds.length;
  const kinds = [...new Set(results.summary.policies.map((policy) => policy.kind))];
  const y = { scale: { domain: [low, high] }, axis: { format: '.0%' } };
  return {
    $schema: SCHEMA,
    title: {
      text: `Test accuracy vs iteration (${results.protocol.backend}, ${results.protocol.model}, ${results.protocol.dataset})`,
      subtitle: `line: mean of ${seeds} seed${seeds === 1 ? '' : 's'}; band: min-max over seeds${target === undefined ? '' : `; dashed: target ${(target * 100).toFixed(2)}% (best baseline's final mean)`}`,
    },
    width: 680,
    height: 380,
    layer: [
      {
        data: { values: rows },
        encoding: {
          x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
          color: {
            field: 'policy',
            type: 'nominal',
            sort: policyOrder(results),
            scale: { scheme: 'tableau10' },
            legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolOpacity: 1 },
          },
        },
        layer: [
          {
            mark: { type: 'area', opacity: 0.15, clip: true },
            encoding: {
              y: { field: 'min', type: 'quantitative', title: 'test accuracy', ...y },
              y2: { field: 'max' },
            },
          },
          {
            mark: { type: 'line', clip: true, strokeWidth: 1.8 },
            encoding: {
              y: { field: 'mean', type: 'quantitative', ...y },
              strokeDash: {
                field: 'kind',
                type: 'nominal',
                title: 'kind',
                scale: {
                  domain: kinds,
                  range: kinds.map((kind) => DASHES[kind as keyof typeof DASHES] ?? [1, 0]),
                },
              },
            },
          },
        ],
      },
      ...(target === undefined
        ? []
        : [
            {
              data: { values: [{ target }] },
              mark: { type: 'rule' as const, strokeDash: [2, 4], color: '#444' },
              encoding: { y: { field: 'target', type: 'quantitative' as const } },
            },
          ]),
    ],
  };
}

/** The learning rate each policy fed the optimizer, one small chart per policy. */
export function lrSpec(results: BenchResults): TopLevelSpec {
  const rows: { policy: string; iteration: number; lr: number }[] = [];
  for (const summary of results.summary.policies) {
    // The chart module's sampling: min-max buckets keep every cycle's peak.
    const { lr } = scheduleSeries(fromSpec(summary.spec), {
      steps: results.protocol.iterations,
      maxPoints: 600,
    });
    lr.x.forEach((iteration, index) => {
      rows.push({ policy: summary.policy, iteration, lr: lr.y[index] as number });
    });
  }
  return {
    $schema: SCHEMA,
    title: {
      text: 'Learning rate of each policy',
      subtitle: 'as tuned by the protocol; y scales differ',
    },
    data: { values: rows },
    columns: 4,
    facet: { field: 'policy', type: 'nominal', sort: policyOrder(results), title: null },
    spec: {
      width: 170,
      height: 100,
      mark: { type: 'line', strokeWidth: 1.4 },
      encoding: {
        x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
        y: { field: 'lr', type: 'quantitative', title: 'lr', axis: { format: '.2~g' } },
        color: {
          field: 'policy',
          type: 'nominal',
          sort: policyOrder(results),
          scale: { scheme: 'tableau10' },
          legend: null,
        },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** The range test: the same chart as `cyclr find --out`, with the bounds the protocol chose. */
export function rangeTestSpec(results: BenchResults): TopLevelSpec | undefined {
  const test = results.rangeTest;
  if (!test) return undefined;
  const { baseLr, maxLr } = test.bounds;
  return rangeTestChartSpec(test.result, {
    title: 'LR range test (training loss while the rate grows)',
    subtitle: `${test.iterations} iterations (${test.result.reason})`,
    markers: [
      { x: baseLr, label: `baseLr ${baseLr.toPrecision(3)}` },
      { x: maxLr, label: `maxLr ${maxLr.toPrecision(3)}` },
    ],
  });
}

/** The baselines' lr grid: final validation accuracy against lr. */
export function gridSpec(results: BenchResults): TopLevelSpec | undefined {
  const points = results.tuning.grid;
  if (points.length === 0) return undefined;
  return {
    $schema: SCHEMA,
    title: {
      text: 'Baseline tuning: validation accuracy vs lr',
      subtitle: `one run per point (seed ${results.protocol.tuningSeed}), ${results.protocol.iterations} iterations each`,
    },
    width: 420,
    height: 260,
    data: { values: points.map((point) => ({ ...point })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: logLrAxis,
      y: {
        field: 'validationAccuracy',
        type: 'quantitative',
        title: 'validation accuracy',
        scale: { zero: false },
        axis: { format: '.0%' },
      },
      color: {
        field: 'policy',
        type: 'nominal',
        sort: policyOrder(results),
        scale: { scheme: 'tableau10' },
      },
    },
  };
}

/** Every chart of the report as SVG, by file name. */
export async function renderCharts(results: BenchResults): Promise<Map<string, string>> {
  const specs: [string, TopLevelSpec | undefined][] = [
    ['accuracy.svg', accuracySpec(results)],
    ['lr.svg', lrSpec(results)],
    ['range-test.svg', rangeTestSpec(results)],
    ['grid.svg', gridSpec(results)],
  ];
  const charts = new Map<string, string>();
  for (const [name, spec] of specs) {
    if (spec) charts.set(name, await renderSvg(spec));
  }
  return charts;
}
