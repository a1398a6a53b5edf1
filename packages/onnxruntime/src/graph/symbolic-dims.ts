import type { Dim } from './types.js';

/**
 * Symbolic dims that are a whole multiple of one named dim: `'batch'`, `'batch*2'` (torch's
 * multi-head attention reshapes `[seq, batch, d]` to `[seq, batch * heads, d / heads]`). Enough
 * algebra to fold those shapes at load and infer a Reshape's -1; a sum or a product of two
 * symbols stays an opaque name.
 */
interface Multiple {
  readonly name: string;
  readonly factor: number;
}

const MULTIPLE = /^(.+)\*(\d+)$/;

function multipleOf(dim: string): Multiple {
  const match = MULTIPLE.exec(dim);
  return match ? { name: match[1] as string, factor: Number(match[2]) } : { name: dim, factor: 1 };
}

function dimOf({ name, factor }: Multiple): string {
  return factor === 1 ? name : `${name}*${factor}`;
}

/** `dim * k` for a positive integer k; `undefined` when the result is not a multiple of one name. */
export function scaleDim(dim: Dim, k: number): Dim | undefined {
  if (typeof dim === 'number') return dim * k;
  if (!Number.isInteger(k) || k <= 0) return undefined;
  const m = multipleOf(dim);
  return dimOf({ name: m.name, factor: m.factor * k });
}

/** `dim / k` when it divides exactly (`'batch*4' / 2` is `'batch*2'`); `undefined` otherwise. */
export function divideDim(dim: Dim, k: number): Dim | undefined {
  if (typeof dim === 'number') return undefined;
  const m = multipleOf(dim);
  if (!Number.isInteger(k) || k <= 0 || m.factor % k !== 0) return undefined;
  return dimOf({ name: m.name, factor: m.factor / k });
}

/** The product of `dims` as a fixed factor times the names of its symbolic dims. */
function productOf(dims: readonly Dim[]): { factor: number; names: string[] } {
  let factor = 1;
  const names: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') {
      factor *= d;
      continue;
    }
    const m = multipleOf(d);
    factor *= m.factor;
    names.push(m.name);
  }
  return { factor, names: names.sort() };
}

/**
 * The dim that makes `others` hold as many elements as `whole` (a Reshape's -1), or
 * `undefined` when it is not a whole number or a multiple of at most one name.
 */
export function quotientDim(whole: readonly Dim[], others: readonly Dim[]): Dim | undefined {
  const a = productOf(whole);
  const b = productOf(others);
  const left = [...a.names];
  for (const name of b.names) {
    const at = left.indexOf(name);
    if (at < 0) return undefined;
    left.splice(at, 1);
  }
  if (b.factor === 0 || a.factor % b.factor !== 0 || left.length > 1) return undefined;
  const factor = a.factor / b.factor;
  return left.length === 0 ? factor : dimOf({ name: left[0] as string, factor });
}

/** The size of `dim` at run time when its name (the batch) is `rows`: `'batch*4'` is 4 * rows. */
export function dimSize(dim: Dim, rows: number): number {
  return typeof dim === 'number' ? dim : multipleOf(dim).factor * rows;
}
