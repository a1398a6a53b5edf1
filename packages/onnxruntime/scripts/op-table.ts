// The README's supported-op table, rendered from the op registry so it cannot drift:
// scripts/write-op-table.ts writes it, src/__tests__/op-table.test.ts fails when the README differs.
import { findOpDefinition, supportedOps } from '../src/ops/registry.js';

export const START_MARKER =
  '<!-- op-table:start (generated from the op registry by scripts/write-op-table.ts; do not edit by hand) -->';
export const END_MARKER = '<!-- op-table:end -->';

function trainStepForm(opType: string): string {
  const definition = findOpDefinition(opType);
  const forms: string[] = [];
  if (definition?.forTraining) forms.push('rewritten for training');
  if (definition?.lower) forms.push('lowered to standard ops');
  return forms.length === 0 ? 'as is' : forms.join(', ');
}

/** The table (markdown, no markers) of every op the train-step builder can differentiate. */
export function renderOpTable(): string {
  const rows = supportedOps().map(
    (op) =>
      `| \`${op}\` | [spec](https://onnx.ai/onnx/operators/onnx__${op}.html) | ${trainStepForm(op)} |`,
  );
  return ['| op | ONNX reference | in the train-step graph |', '| --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/** `readme` with the text between the op-table markers replaced by {@link renderOpTable}. */
export function withOpTable(readme: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) {
    throw new Error(
      `withOpTable: expected the README to contain ${START_MARKER} followed by ${END_MARKER}`,
    );
  }
  return `${readme.slice(0, start + START_MARKER.length)}\n\n${renderOpTable()}\n\n${readme.slice(end)}`;
}
