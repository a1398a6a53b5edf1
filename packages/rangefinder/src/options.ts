import { fail, RangeTestError } from './errors.js';
import { rejectUnknownKeys } from './option-keys.js';
import { checkBeta } from './smoothing.js';
import type { SweepMode } from './sweep.js';

/** Progress of a range test, passed to `onStep` after every step. */
export interface RangeTestStep {
  /** 0-based index of the step just done. */
  readonly step: number;
  /** Rate of that step. */
  readonly lr: number;
  /** Its raw training loss. */
  readonly loss: number;
  /** The EMA-smoothed loss after it. */
  readonly smoothedLoss: number;
  /** Lowest smoothed loss so far. */
  readonly bestLoss: number;
  /** The `evaluate` metric, when it ran after this step. */
  readonly metric: number | undefined;
}

/**
 * What `rangeTest` reads of an `AbortSignal`: typed structurally so the package needs neither
 * the DOM nor Node's types; any `AbortSignal` fits.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** Options of `rangeTest`. */
export interface RangeTestOptions {
  /** First rate of the sweep. Default 1e-7 (fastai). */
  readonly startLr?: number;
  /** Last rate of the sweep. Default 10 (fastai). */
  readonly endLr?: number;
  /** Number of steps (optimizer updates), at least 2. Default 100 (fastai). */
  readonly steps?: number;
  /** `"exponential"` (default, fastai's) or `"linear"` (Smith's original test). */
  readonly mode?: SweepMode;
  /** EMA weight of the past for the smoothed loss, in [0, 1). Default 0.98 (fastai). */
  readonly beta?: number;
  /**
   * Stop when the smoothed loss exceeds `divergeFactor` x the lowest smoothed loss so far.
   * Default 4 (fastai; torch-lr-finder uses 5). `Infinity` never stops early on size; a
   * NaN or infinite loss always stops. Assumes a positive loss.
   */
  readonly divergeFactor?: number;
  /**
   * Run `trainer.evaluate()` after every `evaluateEvery`-th step (and after the last one)
   * for Smith's accuracy test. Default: never. Requires `trainer.evaluate`.
   */
  readonly evaluateEvery?: number;
  /** Points of the smoothed curve fastai's criteria skip at the start. Default floor(steps / 10). */
  readonly skipStart?: number;
  /** Points of the smoothed curve fastai's criteria skip at the end. Default 5. */
  readonly skipEnd?: number;
  /**
   * An `AbortSignal`: checked before every step; once aborted, the trainer is restored and the
   * result so far is returned with reason `"aborted"`.
   */
  readonly signal?: AbortSignalLike;
  /** Called after every step (awaited if it returns a promise). */
  readonly onStep?: (progress: RangeTestStep) => void | Promise<void>;
}

/** {@link RangeTestOptions} with every default filled in (the callbacks stay optional). */
export interface ResolvedRangeTestOptions {
  readonly startLr: number;
  readonly endLr: number;
  readonly steps: number;
  readonly mode: SweepMode;
  readonly beta: number;
  readonly divergeFactor: number;
  readonly evaluateEvery: number | undefined;
  readonly skipStart: number;
  readonly skipEnd: number;
}

const fn = 'rangeTest';

/** Every key of {@link RangeTestOptions}; anything else is refused. */
const rangeTestOptionKeys = [
  'startLr',
  'endLr',
  'steps',
  'mode',
  'beta',
  'divergeFactor',
  'evaluateEvery',
  'skipStart',
  'skipEnd',
  'signal',
  'onStep',
] as const satisfies readonly (keyof RangeTestOptions)[];

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(fn, name, 'a positive finite number', value);
  }
  return value;
}

function count(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(fn, name, min === 0 ? 'a non-negative integer' : `an integer >= ${min}`, value);
  }
  return value;
}

/** Validates options eagerly, before the trainer is touched. */
export function resolveOptions(
  options: RangeTestOptions,
  hasEvaluate: boolean,
): ResolvedRangeTestOptions {
  if (typeof options !== 'object' || options === null) fail(fn, 'options', 'an object', options);
  rejectUnknownKeys(fn, options, rangeTestOptionKeys);
  const startLr = positive('startLr', options.startLr ?? 1e-7);
  const endLr = positive('endLr', options.endLr ?? 10);
  if (endLr <= startLr) {
    throw new RangeTestError(
      fn,
      'endLr',
      `expected endLr to be greater than startLr (${startLr}), got ${endLr}`,
    );
  }
  const steps = count('steps', options.steps ?? 100, 2);
  const mode = options.mode ?? 'exponential';
  if (mode !== 'exponential' && mode !== 'linear') {
    fail(fn, 'mode', '"exponential" or "linear"', mode);
  }
  const beta = checkBeta(fn, options.beta ?? 0.98);
  const divergeFactor = options.divergeFactor ?? 4;
  if (typeof divergeFactor !== 'number' || !(divergeFactor > 1)) {
    fail(fn, 'divergeFactor', 'a number > 1 (or Infinity)', divergeFactor);
  }
  const evaluateEvery =
    options.evaluateEvery === undefined
      ? undefined
      : count('evaluateEvery', options.evaluateEvery, 1);
  if (evaluateEvery !== undefined && !hasEvaluate) {
    throw new RangeTestError(
      fn,
      'evaluateEvery',
      'expected trainer.evaluate to be a function when evaluateEvery is set, got undefined',
    );
  }
  const skipStart = count('skipStart', options.skipStart ?? Math.floor(steps / 10), 0);
  const skipEnd = count('skipEnd', options.skipEnd ?? 5, 0);
  if (options.onStep !== undefined && typeof options.onStep !== 'function') {
    fail(fn, 'onStep', 'a function', options.onStep);
  }
  return { startLr, endLr, steps, mode, beta, divergeFactor, evaluateEvery, skipStart, skipEnd };
}
