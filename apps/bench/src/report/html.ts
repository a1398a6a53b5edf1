import type { BenchResults } from '../results.js';
import {
  budgetFractionTable,
  frontierTable,
  percent,
  SUMMARY_HEADERS,
  summaryRow,
  verdict,
} from './format.js';
import { protocolLines } from './markdown.js';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable({ headers, rows }: { headers: string[]; rows: string[][] }): string {
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One self-contained page: the summary, the protocol and every chart inline. */
export function htmlReport(results: BenchResults, charts: ReadonlyMap<string, string>): string {
  const p = results.protocol;
  const head = SUMMARY_HEADERS.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = results.summary.policies
    .map((summary) => {
      const cells = summaryRow(summary, results)
        .map((cell) => `<td>${escapeHtml(cell)}</td>`)
        .join('');
      const best = results.summary.reference?.policy === summary.policy ? ' class="reference"' : '';
      return `<tr${best}>${cells}</tr>`;
    })
    .join('\n');
  const figure = (name: string, caption: string) =>
    charts.has(name)
      ? `<figure>${charts.get(name)}<figcaption>${escapeHtml(caption)}</figcaption></figure>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>cyclr bench: ${escapeHtml(`${p.backend} ${p.model} ${p.dataset}`)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; color: #222; }
  table { border-collapse: collapse; margin: 1rem 0; }
  th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
  tr.reference { background: #f4f4f4; }
  figure { margin: 1.5rem 0; }
  figcaption { color: #666; font-size: 13px; }
  code { background: #f4f4f4; padding: 1px 4px; }
</style>
</head>
<body>
<h1>cyclr bench: ${escapeHtml(`${p.backend}, ${p.model}, ${p.dataset}`)}${p.quick ? ' (quick smoke run)' : ''}</h1>
<p><code>${escapeHtml(results.meta.command)}</code>, ${escapeHtml(results.meta.date)}, Node ${escapeHtml(results.meta.node)}, ${results.meta.cpus} cores; wall time ${results.meta.wallSeconds.toFixed(1)} s.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
${verdict(results)
  .map((line) => `<p>${escapeHtml(line)}</p>`)
  .join('\n')}
${figure('accuracy.svg', `Test accuracy (final mean of the best baseline: ${results.summary.reference ? percent(results.summary.reference.finalMean) : '-'})`)}
<h2>Test accuracy at fractions of the budget (seed mean)</h2>
${htmlTable(budgetFractionTable(results))}
<h2>Equal total compute</h2>
${htmlTable(frontierTable(results))}
<ul>
${results.frontier.protocol.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}
</ul>
${figure('frontier.svg', 'Best test accuracy for a total budget of tuning + training')}
<h2>Protocol</h2>
<ul>
${protocolLines(results)
  .map((line) => `<li>${escapeHtml(line)}</li>`)
  .join('\n')}
</ul>
${figure('lr.svg', 'Learning rate fed to the optimizer at every iteration')}
${figure('range-test.svg', 'LR range test with the chosen bounds')}
${figure('grid.svg', 'Validation accuracy of the baselines over the lr grid')}
</body>
</html>
`;
}
