import type { BenchResults } from '../results.js';
import { SUMMARY_HEADERS, summaryRow, textTable, verdict } from './format.js';

/** The summary the bench prints when it is done. */
export function terminalSummary(results: BenchResults): string {
  const rows = results.summary.policies.map((summary) => summaryRow(summary, results));
  return [
    '',
    textTable(SUMMARY_HEADERS, rows),
    '',
    ...verdict(results),
    `Wall time ${results.meta.wallSeconds.toFixed(1)} s.`,
  ].join('\n');
}
