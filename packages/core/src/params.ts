import { describeValue, ScheduleError } from './errors.js';
import type { PolicySpec, Schedule } from './types.js';

/** Resolved parameters seen so far; defaults may depend on earlier parameters. */
export type ResolvedParams = Readonly<Record<string, unknown>>;

/**
 * One parameter of a policy: its documentation, its default and how a raw (JSON or
 * options-object) value is checked and turned into the value the factory receives.
 */
export interface ParamDef<T> {
  /** What a valid value is, as it reads after "expected <name> to be": `a positive number`. */
  readonly expected: string;
  /** One-line documentation shown by `cyclr policies` and in errors. */
  readonly doc: string;
  /**
   * Default used when the parameter is absent: a value, or a function of the parameters
   * declared before it (`stepSizeDown` defaults to `stepSize`). Absent and no default: required,
   * unless `optional`.
   */
  readonly default?: T | ((resolved: ResolvedParams) => T);
  /** Rendering of the default for docs when it is computed (`= stepSize`). */
  readonly defaultDoc?: string;
  /** May be left out entirely (the factory receives `undefined`). */
  readonly optional?: boolean;
  /** Checks a raw value; returns the parsed value or `invalid` to reject it. */
  parse(value: unknown, context: ParseContext): T | typeof invalid;
  /** JSON form of a parsed value (nested schedules become specs). Identity when absent. */
  serialize?(value: T, context: ParseContext): unknown;
}

/** What a parser needs to build nested schedules and name its errors. */
export interface ParseContext {
  readonly policy: string;
  readonly param: string;
  readonly toSchedule: (value: Schedule | PolicySpec) => Schedule;
}

/** Returned by a parser to reject a value with the parameter's `expected` message. */
export const invalid: unique symbol = Symbol('invalid');

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

interface NumberOptions {
  readonly doc: string;
  readonly default?: number | ((resolved: ResolvedParams) => number);
  readonly defaultDoc?: string;
  readonly optional?: boolean;
}

function numberParam(
  expected: string,
  accept: (value: number) => boolean,
  options: NumberOptions,
): ParamDef<number> {
  return {
    ...options,
    expected,
    parse: (value) => (isFiniteNumber(value) && accept(value) ? value : invalid),
  };
}

/** Builders for the parameter kinds the built-in policies use; contributors use them too. */
export const param = {
  /** A finite number > 0. */
  positive: (options: NumberOptions) => numberParam('a positive number', (v) => v > 0, options),
  /** A finite number >= 0. */
  nonNegative: (options: NumberOptions) =>
    numberParam('a non-negative number', (v) => v >= 0, options),
  /** An integer >= 1. */
  positiveInteger: (options: NumberOptions) =>
    numberParam('a positive integer', (v) => Number.isInteger(v) && v >= 1, options),
  /** An integer >= 0. */
  nonNegativeInteger: (options: NumberOptions) =>
    numberParam('a non-negative integer', (v) => Number.isInteger(v) && v >= 0, options),
  /** A number strictly between 0 and 1. */
  openFraction: (options: NumberOptions) =>
    numberParam('a number between 0 and 1 (exclusive)', (v) => v > 0 && v < 1, options),
  /** A number in [0, 1]. */
  fraction: (options: NumberOptions) =>
    numberParam('a number between 0 and 1', (v) => v >= 0 && v <= 1, options),
  /** A number in [0, 1), e.g. momentum. */
  momentum: (options: NumberOptions) =>
    numberParam('a number in [0, 1)', (v) => v >= 0 && v < 1, options),
  /** A finite number with custom bounds. */
  number: (expected: string, accept: (value: number) => boolean, options: NumberOptions) =>
    numberParam(expected, accept, options),

  /** `true` or `false`. */
  boolean: (options: {
    readonly doc: string;
    readonly default?: boolean;
    readonly optional?: boolean;
  }): ParamDef<boolean> => ({
    ...options,
    expected: 'true or false',
    parse: (value) => (typeof value === 'boolean' ? value : invalid),
  }),

  /** One of a fixed set of strings. */
  oneOf: <const T extends string>(
    values: readonly T[],
    options: { readonly doc: string; readonly default?: T; readonly optional?: boolean },
  ): ParamDef<T> => ({
    ...options,
    expected: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    parse: (value) => (values.includes(value as T) ? (value as T) : invalid),
  }),

  /** A non-empty, strictly increasing list of positive integers (milestones, boundaries). */
  increasingIntegers: (options: {
    readonly doc: string;
    readonly default?: readonly number[];
    readonly optional?: boolean;
    readonly allowEmpty?: boolean;
  }): ParamDef<readonly number[]> => ({
    ...options,
    expected: options.allowEmpty
      ? 'a strictly increasing list of positive integers'
      : 'a non-empty, strictly increasing list of positive integers',
    parse: (value) => {
      if (!Array.isArray(value)) return invalid;
      if (value.length === 0 && !options.allowEmpty) return invalid;
      let previous = 0;
      for (const item of value) {
        if (!Number.isInteger(item) || (item as number) <= previous) return invalid;
        previous = item as number;
      }
      return Object.freeze([...(value as number[])]);
    },
  }),

  /** A nested schedule: a spec object or a `Schedule`. */
  schedule: (options: {
    readonly doc: string;
    readonly optional?: boolean;
  }): ParamDef<Schedule> => ({
    ...options,
    expected: 'a schedule or a policy spec ({ "policy": ... })',
    parse: (value, context) => (isScheduleLike(value) ? context.toSchedule(value) : invalid),
    serialize: (value) => value.toJSON(),
  }),

  /** A non-empty list of nested schedules. */
  schedules: (options: { readonly doc: string }): ParamDef<readonly Schedule[]> => ({
    ...options,
    expected: 'a non-empty list of schedules or policy specs',
    parse: (value, context) => {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isScheduleLike)) {
        return invalid;
      }
      return Object.freeze(value.map((item) => context.toSchedule(item)));
    },
    serialize: (value) => value.map((schedule) => schedule.toJSON()),
  }),
} as const;

function isScheduleLike(value: unknown): value is Schedule | PolicySpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as { lr?: unknown; policy?: unknown };
  return typeof candidate.lr === 'function' || typeof candidate.policy === 'string';
}

/** Throws the standard "expected X to be Y, got Z" error for a parameter. */
export function rejectParam(policy: string, name: string, expected: string, value: unknown): never {
  throw new ScheduleError(
    policy,
    name,
    `expected ${name} to be ${expected}, got ${describeValue(value)}`,
  );
}
