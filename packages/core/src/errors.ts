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

/** Short, stable rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (value === null) return 'null';
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return 'an object';
    }
  }
  return String(value);
}
