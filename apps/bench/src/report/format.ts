import type { BenchResults, PolicySummary } from '../results.js';

export const percent = (value: number, digits = 2) => `${(value * 100).toFixed(digits)}%`;

/** Column headers of the summary table (terminal and markdown). */
export const SUMMARY_HEADERS = [
  'policy',
  'kind',
  'final test acc (mean ± std)',
  'iters to target',
  'speed-up',
  'speed-up vs fixed lr',
  'ms/step',
  'tuning cost (iters)',
] as const;

/** One row of the summary table, as text. */
export function summaryRow(summary: PolicySummary, results: BenchResults): string[] {
  const reference = results.summary.reference;
  return [
    summary.policy,
    summary.kind,
    `${percent(summary.finalMean)} ± ${(summary.finalStd * 100).toFixed(2)}`,
    summary.itersToTarget === null ? 'not reached' : String(summary.itersToTarget),
    summary.speedup === null
      ? '-'
      : reference?.policy === summary.policy
        ? '1.00x (reference)'
        : `${summary.speedup.toFixed(2)}x`,
    summary.speedupVsFixed === null
      ? '-'
      : summary.policy === results.summary.fixedReference?.policy
        ? '1.00x (fixed lr)'
        : `${summary.speedupVsFixed.toFixed(2)}x (at ${summary.itersToFixed})`,
    summary.msPerStep.toFixed(2),
    summary.tuningIterations === 0
      ? '0'
      : summary.kind === 'cyclic'
        ? `${summary.tuningIterations} (range test, shared)`
        : String(summary.tuningIterations),
  ];
}

/** The sentence under the table: what the target is and who beat it. */
export function verdict(results: BenchResults): string[] {
  const { reference, policies } = results.summary;
  if (!reference) return ['No baseline policy ran, so there is no target accuracy.'];
  const fixedLine = fixedLrVerdict(results);
  const lines = [
    `Target: ${percent(reference.finalMean)}, the final mean test accuracy of the best baseline (${reference.policy}), which its seed-mean curve first reached at iteration ${reference.itersToTarget ?? '-'} of ${results.protocol.iterations}.`,
  ];
  const cyclic = policies.filter((policy) => policy.kind === 'cyclic');
  if (cyclic.length > 0) {
    const best = cyclic.reduce((a, b) => (b.finalMean > a.finalMean ? b : a));
    const difference = (best.finalMean - reference.finalMean) * 100;
    lines.push(
      `Best cyclic policy: ${best.policy} at ${percent(best.finalMean)} (${difference >= 0 ? '+' : ''}${difference.toFixed(2)} points vs ${reference.policy}); ` +
        (best.itersToTarget === null
          ? 'it did not reach the target.'
          : `it reached the target at iteration ${best.itersToTarget} (${(
              (best.itersToTarget / results.protocol.iterations) * 100
            ).toFixed(0)}% of the budget, speed-up ${best.speedup?.toFixed(2) ?? '-'}x).`),
    );
    const fastest = cyclic
      .filter((policy) => policy.itersToTarget !== null)
      .sort((a, b) => (a.itersToTarget as number) - (b.itersToTarget as number))[0];
    if (fastest && fastest.policy !== best.policy) {
      lines.push(
        `Fastest to the target: ${fastest.policy}, at iteration ${fastest.itersToTarget} (speed-up ${fastest.speedup?.toFixed(2) ?? '-'}x).`,
      );
    }
  }
  if (fixedLine) lines.push(fixedLine);
  return lines;
}

/** Headers and rows of the accuracy-at-fractions-of-the-budget table. */
export function budgetFractionTable(results: BenchResults): {
  headers: string[];
  rows: string[][];
} {
  const fractions = results.summary.policies[0]?.accuracyAt.map((point) => point.fraction) ?? [];
  const iterations = results.protocol.iterations;
  return {
    headers: [
      'policy',
      ...fractions.map(
        (fraction) => `${fraction * 100}% (${Math.floor(fraction * iterations)} it)`,
      ),
    ],
    rows: results.summary.policies.map((summary) => [
      summary.policy,
      ...summary.accuracyAt.map((point) => percent(point.accuracy)),
    ]),
  };
}

/** The paper's headline: the best cyclic policy against a fixed learning rate. */
export function fixedLrVerdict(results: BenchResults): string | undefined {
  const fixed = results.summary.fixedReference;
  const cyclic = results.summary.policies.filter((policy) => policy.kind === 'cyclic');
  if (!fixed || cyclic.length === 0) return undefined;
  const best = cyclic.reduce((a, b) => (b.finalMean > a.finalMean ? b : a));
  return `Against a fixed learning rate (the CLR paper's metric): ${fixed.policy} ended at ${percent(fixed.finalMean)}, first reached at iteration ${fixed.itersToTarget}; the best cyclic policy, ${best.policy}, ${
    best.itersToFixed === null
      ? 'never reached it.'
      : `reached it at iteration ${best.itersToFixed}: speed-up ${best.speedupVsFixed?.toFixed(2) ?? '-'}x.`
  } ${cyclic.filter((policy) => policy.finalMean > fixed.finalMean).length} of ${cyclic.length} cyclic policies ended above it.`;
}

/** Pads columns to equal width for a monospace table. */
export function textTable(headers: readonly string[], rows: readonly string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ');
  return [
    line(headers),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(headers: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The compute-frontier table: per total budget, the best each recipe reaches. */
export function frontierTable(results: BenchResults): { headers: string[]; rows: string[][] } {
  const { rows, points } = results.frontier;
  const recipes = ['range test + cyclic', 'grid + decay'] as const;
  const cheapest = (recipe: (typeof recipes)[number]) =>
    Math.min(...points.filter((point) => point.recipe === recipe).map((point) => point.cost));
  return {
    headers: ['total budget (tuning + training)', ...recipes],
    rows: rows.map((row) => [
      `${row.multiple}x (${row.budget} it)`,
      ...recipes.map((recipe) => {
        const best = row.best[recipe];
        if (best) return `${percent(best.testAccuracy)} (${best.policy}; ${best.detail})`;
        const needs = cheapest(recipe);
        return Number.isFinite(needs)
          ? `does not fit (needs ${(needs / results.protocol.iterations).toFixed(2)}x)`
          : 'not run';
      }),
    ]),
  };
}
