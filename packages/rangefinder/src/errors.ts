import { describeValue } from '@cyclr/core';

/**
 * Thrown for every invalid range-test option or suggestion input. The message names the
 * function, the parameter, what was expected and what came, e.g.
 * `rangeTest: expected endLr to be greater than startLr (0.1), got 0.01`.
 */
export class RangeTestError extends Error {
  override readonly name = 'RangeTestError';
  /** Function the error is about (`rangeTest`, `valley`, `bounds`, ...). */
  readonly function: string;
  /** Parameter name, when the error is about one parameter. */
  readonly param: string | undefined;

  constructor(fn: string, param: string | undefined, message: string) {
    super(`${fn}: ${message}`);
    this.function = fn;
    this.param = param;
  }
}

/** Throws `fn: expected <param> to be <what>, got <value>`. */
export function fail(fn: string, param: string, what: string, value: unknown): never {
  throw new RangeTestError(
    fn,
    param,
    `expected ${param} to be ${what}, got ${describeValue(value)}`,
  );
}
