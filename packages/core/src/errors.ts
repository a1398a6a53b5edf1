/**
 * Thrown for every invalid schedule parameter or spec. The message names the policy, the
 * parameter, what was expected and what came, e.g.
 * `oneCycle: expected totalSteps to be a positive integer, got 0`.
 */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
  /** Policy (or combinator) name the error is about. */
  readonly policy: string;
  /** Parameter name, when the error is about one parameter. */
  readonly param: string | undefined;

  constructor(policy: string, param: string | undefined, message: string) {
    super(`${policy}: ${message}`);
    this.policy = policy;
    this.param = param;
  }
}

/**
 * Short, stable rendering of a bad value for error messages, shared by every cyclr package:
 * strings quoted (so blanks show) and cut at 60 characters, short arrays and plain data objects
 * as JSON-like text, anything long or holding functions by its kind.
 *
 * @example
 * describeValue(undefined); // 'nothing'
 * describeValue([1, NaN]); // '[1, NaN]'
 * describeValue(new Array(100).fill(0)); // 'an array of length 100'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) {
    return value.length <= 8
      ? `[${value.map(describeValue).join(', ')}]`
      : `an array of length ${value.length}`;
  }
  if (value === null) return 'null';
  if (typeof value === 'object') {
    if (Object.values(value).some((item) => typeof item === 'function')) return 'an object';
    try {
      const json = JSON.stringify(value);
      return json.length <= 80 ? json : 'an object';
    } catch {
      return 'an object';
    }
  }
  return String(value);
}
