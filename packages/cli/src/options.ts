import { describeValue } from './describe.js';
import { usageError } from './errors.js';

/** Largest `--steps` accepted: 10 million values is already ~200 MB of JSON. */
export const maxSteps = 10_000_000;

/**
 * Parses an integer option such as `--steps 1000`. Rejects fractions, exponents with a
 * fractional result, signs below `min`, and anything that is not a plain decimal number.
 */
export function parseIntegerOption(
  flag: string,
  raw: string,
  options: { readonly min: number; readonly max?: number },
): number {
  const expected =
    options.min === 0
      ? 'a non-negative integer'
      : options.min === 1
        ? 'a positive integer'
        : `an integer >= ${options.min}`;
  const value = /^\s*[+-]?\d+(\.\d*)?(e[+-]?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < options.min) {
    throw usageError(`expected ${flag} to be ${expected}, got ${describeValue(raw)}`);
  }
  if (options.max !== undefined && value > options.max) {
    throw usageError(
      `expected ${flag} to be ${expected} <= ${options.max}, got ${describeValue(raw)}`,
    );
  }
  return value;
}

/** Parses a positive finite number option such as `--start-lr 1e-7`. */
export function parsePositiveOption(flag: string, raw: string): number {
  const value = /^\s*\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN;
  if (!(Number.isFinite(value) && value > 0)) {
    throw usageError(`expected ${flag} to be a positive number, got ${describeValue(raw)}`);
  }
  return value;
}

/** Parses a number option in [0, 1), such as `--momentum 0.9`. */
export function parseFractionOption(flag: string, raw: string): number {
  const value = /^\s*\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 0 && value < 1)) {
    throw usageError(`expected ${flag} to be a number in [0, 1), got ${describeValue(raw)}`);
  }
  return value;
}
