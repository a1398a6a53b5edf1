import { extname, resolve } from 'node:path';
import { chartFormat } from '../chart-file.js';
import { describeValue } from '../describe.js';
import { usageError } from '../errors.js';
import { parseFractionOption, parseIntegerOption, parsePositiveOption } from '../options.js';

/** Options of `cyclr find`, as commander passes them (strings, checked by {@link parseFindOptions}). */
export interface FindOptions {
  readonly data?: string;
  readonly steps?: string;
  readonly startLr?: string;
  readonly endLr?: string;
  readonly batchSize?: string;
  readonly hidden?: string;
  readonly optimizer?: string;
  readonly momentum?: string;
  readonly seed?: string;
  readonly evaluateEvery?: string;
  readonly out?: string;
  readonly save?: string;
  readonly json?: boolean;
}

/** {@link FindOptions} checked, with defaults filled in and paths resolved. */
export interface FindSettings {
  /** Directory of the IDX files; `undefined` for the built-in subset. */
  readonly data: string | undefined;
  readonly steps: number;
  readonly startLr: number;
  readonly endLr: number;
  readonly batchSize: number;
  readonly hidden: number;
  readonly optimizer: 'sgd' | 'adam';
  /** SGD momentum, or Adam's beta1. */
  readonly momentum: number;
  readonly seed: number;
  readonly evaluateEvery: number | undefined;
  /** As given, for messages. */
  readonly out: string | undefined;
  /** Resolved against the working directory. */
  readonly outPath: string | undefined;
  /** `--save`, as given, for messages. */
  readonly save: string | undefined;
  /** Resolved against the working directory. */
  readonly savePath: string | undefined;
  readonly json: boolean;
}

/**
 * Checks every `find` option before anything is loaded or trained (usage errors, exit 2).
 * Defaults: fastai's sweep (1e-7 to 10 over 100 steps), an MLP with 256 hidden units, SGD
 * with momentum 0.9, batch 128, seed 0.
 */
export function parseFindOptions(options: FindOptions, cwd: string): FindSettings {
  const optimizer = options.optimizer ?? 'sgd';
  if (optimizer !== 'sgd' && optimizer !== 'adam') {
    throw usageError(`expected --optimizer to be "sgd" or "adam", got ${describeValue(optimizer)}`);
  }
  const startLr =
    options.startLr === undefined ? 1e-7 : parsePositiveOption('--start-lr', options.startLr);
  const endLr = options.endLr === undefined ? 10 : parsePositiveOption('--end-lr', options.endLr);
  if (endLr <= startLr) {
    throw usageError(`expected --end-lr to be greater than --start-lr (${startLr}), got ${endLr}`);
  }
  if (options.out !== undefined) chartFormat(options.out);
  if (options.save !== undefined && extname(options.save).toLowerCase() !== '.json') {
    throw usageError(
      `expected --save to be a file name ending in .json, got ${describeValue(options.save)}`,
    );
  }
  const integer = (
    flag: string,
    raw: string | undefined,
    fallback: number,
    min: number,
    max: number,
  ) => (raw === undefined ? fallback : parseIntegerOption(flag, raw, { min, max }));
  return {
    data: options.data === undefined ? undefined : resolve(cwd, options.data),
    steps: integer('--steps', options.steps, 100, 2, 100_000),
    startLr,
    endLr,
    batchSize: integer('--batch-size', options.batchSize, 128, 1, 65_536),
    hidden: integer('--hidden', options.hidden, 256, 1, 16_384),
    optimizer,
    momentum:
      options.momentum === undefined ? 0.9 : parseFractionOption('--momentum', options.momentum),
    seed: integer('--seed', options.seed, 0, 0, 2 ** 31 - 1),
    evaluateEvery:
      options.evaluateEvery === undefined
        ? undefined
        : parseIntegerOption('--evaluate-every', options.evaluateEvery, { min: 1 }),
    out: options.out,
    outPath: options.out === undefined ? undefined : resolve(cwd, options.out),
    save: options.save,
    savePath: options.save === undefined ? undefined : resolve(cwd, options.save),
    json: options.json ?? false,
  };
}
