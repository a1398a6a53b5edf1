import type { BenchResults } from '../results.js';
import { markdownTable, percent, SUMMARY_HEADERS, summaryRow, verdict } from './format.js';

/** The protocol, stated in words, from what actually ran. */
export function protocolLines(results: BenchResults): string[] {
  const p = results.protocol;
  const cyclic = p.rules.filter((rule) => rule.kind === 'cyclic');
  const baselines = p.rules.filter((rule) => rule.kind === 'baseline');
  const lines = [
    `Data: ${p.dataset}${p.dataDir ? ` from ${p.dataDir}` : ' (the subset shipped with @cyclr/datasets)'}; ${p.trainExamples} training examples, ${p.validationExamples} validation examples carved from the training set (stratified, seed 0), ${p.testExamples} test examples used only for reporting.`,
    `Model: ${p.model}, SGD with momentum ${p.momentum} (unless the policy cycles momentum), batch ${p.batchSize}, on ${p.backendDescription}.`,
    `Budget: every policy trains for ${p.iterations} iterations (${p.epochs.toFixed(1)} epochs) from each seed ${p.seeds.join(', ')}; seed s fixes the initial weights and the data order, identical for every policy.`,
  ];
  if (cyclic.length > 0 && results.rangeTest) {
    lines.push(
      `Cyclic policies (${cyclic.map((rule) => rule.policy).join(', ')}): bounds from one LR range test on the training set (seed ${results.rangeTest.seed}, exponential sweep ${results.rangeTest.result.options.startLr} to ${results.rangeTest.result.options.endLr} over at most ${results.rangeTest.result.options.steps} steps, ${
        p.boundsFrom === 'loss'
          ? `@cyclr/rangefinder's default bounds() from the loss curve (maxLr = max(edge / 4, 2 x robust), baseLr = maxLr / 4; edge suggestion ${results.rangeTest.result.suggestions.edge?.lr.toPrecision(3) ?? '-'}, robust ${results.rangeTest.result.suggestions.robust?.lr.toPrecision(3) ?? '-'})`
          : "Smith's accuracy test on the validation split: baseLr where accuracy starts to rise, maxLr where it stops rising"
      }): maxLr ${results.rangeTest.bounds.maxLr.toPrecision(3)}, baseLr ${results.rangeTest.bounds.baseLr.toPrecision(3)}. Cost: ${results.rangeTest.iterations} iterations, shared by all of them. ${p.cycles} cycles in the budget.`,
    );
  }
  if (baselines.length > 0) {
    lines.push(
      `Baselines (${baselines.map((rule) => rule.policy).join(', ')}): lr chosen from the grid [${p.grid.join(', ')}] by final validation accuracy, one full-budget run per point (seed ${p.tuningSeed}). Cost: ${p.grid.length} x ${p.iterations} = ${p.grid.length * p.iterations} iterations per baseline.`,
    );
  }
  lines.push(
    `Target: the best baseline's final mean test accuracy. "Iters to target" is the first evaluation (every ${p.evalEvery} iterations) at which a policy's seed-mean test accuracy reaches it; speed-up = the best baseline's own iterations to reach it / the policy's.`,
  );
  return lines;
}

/** The markdown report (report.md). */
export function markdownReport(results: BenchResults): string {
  const p = results.protocol;
  const rows = results.summary.policies.map((summary) => summaryRow(summary, results));
  const rules = markdownTable(
    ['policy', 'kind', 'rule', 'spec (seed-independent)'],
    results.summary.policies.map((summary) => [
      summary.policy,
      summary.kind,
      p.rules.find((rule) => rule.policy === summary.policy)?.rule ?? '',
      `\`${JSON.stringify(summary.spec)}\``,
    ]),
  );
  const grid =
    results.tuning.grid.length === 0
      ? ''
      : markdownTable(
          ['policy', ...p.grid.map((lr) => `lr ${lr}`), 'chosen'],
          Object.entries(results.tuning.chosen).map(([policy, lr]) => [
            policy,
            ...p.grid.map((value) => {
              const point = results.tuning.grid.find((g) => g.policy === policy && g.lr === value);
              return point
                ? `${percent(point.validationAccuracy)}${point.diverged ? ' (diverged)' : ''}`
                : '-';
            }),
            String(lr),
          ]),
        );
  const perSeed = markdownTable(
    ['policy', ...p.seeds.map((seed) => `seed ${seed}`)],
    results.summary.policies.map((summary) => [
      summary.policy,
      ...p.seeds.map((seed) => {
        const run = results.runs.find((r) => r.policy === summary.policy && r.seed === seed);
        return run ? percent(run.finalAccuracy) : '-';
      }),
    ]),
  );
  return `# cyclr bench: ${p.backend}, ${p.model}, ${p.dataset}${p.quick ? ' (quick smoke run)' : ''}

\`${results.meta.command}\` on ${results.meta.date.slice(0, 16).replace('T', ' ')} UTC, Node ${results.meta.node}, ${results.meta.platform}, ${results.meta.cpus} cores, ${p.workers} worker thread(s); wall time ${results.meta.wallSeconds.toFixed(1)} s.

## Results

${markdownTable(SUMMARY_HEADERS, rows)}

${verdict(results).join('\n\n')}

![test accuracy](accuracy.svg)

## Protocol

${protocolLines(results)
  .map((line) => `- ${line}`)
  .join('\n')}

${rules}

![learning rates](lr.svg)
${
  results.rangeTest
    ? `
## Range test

![range test](range-test.svg)
`
    : ''
}${
  grid
    ? `
## Baseline tuning (validation accuracy)

${grid}

![grid](grid.svg)
`
    : ''
}
## Final test accuracy per seed

${perSeed}

Raw data: \`results.json\` (\`runs\` as in docs/architecture.md's "Bench results", plus \`protocol\`, \`rangeTest\`, \`tuning\`, \`summary\`, \`meta\`).
`;
}
