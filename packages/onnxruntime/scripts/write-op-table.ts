// Rewrites the supported-op table in README.md from the op registry (after adding an op).
// Usage: pnpm --filter @cyclr/onnxruntime op-table
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withOpTable } from './op-table.js';

const readmePath = join(import.meta.dirname, '../README.md');
const before = readFileSync(readmePath, 'utf8');
const after = withOpTable(before);
writeFileSync(readmePath, after);
console.log(
  before === after ? 'README.md op table already up to date' : 'README.md op table rewritten',
);
