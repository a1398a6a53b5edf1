// The README's op table is the registry's: regenerate it with `pnpm --filter @cyclr/onnxruntime op-table`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOpTable, withOpTable } from '../../scripts/op-table.js';
import { supportedOps } from '../index.js';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

describe('README op table', () => {
  it('lists exactly the registry ops (run `pnpm --filter @cyclr/onnxruntime op-table` if this fails)', () => {
    expect(withOpTable(readme)).toBe(readme);
  });

  it('has one row per supported op', () => {
    const rows = renderOpTable()
      .split('\n')
      .slice(2)
      .map((row) => /^\| `([^`]+)`/.exec(row)?.[1]);
    expect(rows).toEqual(supportedOps());
  });

  it('refuses a README without the markers, naming them', () => {
    expect(() => withOpTable('# no table here')).toThrow(/op-table:start/);
  });
});
