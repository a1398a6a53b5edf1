import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { BackendName, ModelName } from './backends/types.js';
import { type BenchConfig, BUDGETS, DEFAULT_POLICIES, PROTOCOL_DEFAULTS } from './config.js';
import { MODEL_NAMES, MODELS } from './models.js';
import { parseShard, type Shard } from './shards.js';
import { SUITES, type SuiteName } from './suites.js';

function shard(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got ${value}`);
  }
  return parsed;
}

function list(value: string): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0)
    throw new InvalidArgumentError(`expected a comma-separated list, got "${value}"`);
  return entries;
}

function rates(value: string): number[] {
  return list(value).map((entry) => {
    const rate = Number(entry);
    if (!(Number.isFinite(rate) && rate > 0)) {
      throw new InvalidArgumentError(`expected positive learning rates, got ${entry}`);
    }
    return rate;
  });
}

interface RawOptions {
  backend: BackendName;
  suite: SuiteName;
  model?: ModelName;
  data?: string;
  policies?: string[];
  iters?: number;
  seeds?: number;
  batchSize: number;
  evalEvery?: number;
  out: string;
  quick?: boolean;
  workers: number;
  grid?: number[];
  cycles: number;
  bounds: 'accuracy' | 'loss';
  shard?: Shard;
}

/** The bench's command line. `base` resolves relative paths (pnpm runs us in apps/bench). */
export function benchCommand(): Command {
  return new Command('cyclr-bench')
    .description(
      'Cyclical learning rates and 1cycle against step, exponential and cosine decay on ' +
        'Fashion-MNIST: bounds from the LR range test, baselines tuned on a validation split, ' +
        'equal budgets, seeds shared by every policy.',
    )
    .addOption(
      new Option('--backend <name>', 'training framework')
        .choices(['onnxruntime', 'tfjs'])
        .default('onnxruntime'),
    )
    .addOption(
      new Option('--suite <name>', 'preset of model, policies, seeds and budget')
        .choices(Object.keys(SUITES))
        .default('default'),
    )
    .addOption(new Option('--model <name>', "model (default: the suite's)").choices(MODEL_NAMES))
    .option(
      '--data <dir>',
      'directory with the four Fashion-MNIST IDX files, gzipped or not (default: shipped subset)',
    )
    .addOption(
      new Option(
        '--policies <list>',
        `comma-separated policy names or JSON spec files (default: the suite's, ${DEFAULT_POLICIES.join(',')})`,
      ).argParser(list),
    )
    .option(
      '--iters <n>',
      `iterations per run (default ${BUDGETS.onnxruntime.iterations}; tfjs ${BUDGETS.tfjs.iterations})`,
      positiveInteger,
    )
    .option(
      '--seeds <k>',
      `seeds per policy (default ${BUDGETS.onnxruntime.seeds}; tfjs ${BUDGETS.tfjs.seeds})`,
      positiveInteger,
    )
    .option('--batch-size <b>', 'batch size', positiveInteger, PROTOCOL_DEFAULTS.batchSize)
    .option(
      '--eval-every <n>',
      'test accuracy every n iterations (default budget / 30)',
      positiveInteger,
    )
    .option('--out <dir>', 'output directory', PROTOCOL_DEFAULTS.out)
    .option('--quick', 'sub-minute smoke run: tiny budget, 1 seed, 2-point grid')
    .option(
      '--workers <n>',
      'worker threads running jobs in parallel (1 = in this thread)',
      positiveInteger,
      Math.min(2, availableParallelism()),
    )
    .option(
      '--grid <list>',
      `lr grid for the baselines (default ${PROTOCOL_DEFAULTS.grid.join(',')})`,
      rates,
    )
    .option('--cycles <n>', 'CLR cycles in the budget', positiveInteger, PROTOCOL_DEFAULTS.cycles)
    .addOption(
      new Option(
        '--bounds <from>',
        "range-test bounds: Smith's accuracy test, or the loss suggestion",
      )
        .choices(['accuracy', 'loss'])
        .default(PROTOCOL_DEFAULTS.boundsFrom),
    )
    .option(
      '--shard <i/n>',
      'run only shard i of n (a deterministic subset of the runs); combine the shards with `bench merge`',
      shard,
    )
    .showHelpAfterError();
}

/** Turns parsed flags into a full config; `base` is the directory relative paths start from. */
export function resolveConfig(raw: RawOptions, base: string): BenchConfig {
  const suite = SUITES[raw.suite];
  const model = raw.model ?? suite.model;
  if (!MODELS[model].backends.includes(raw.backend)) {
    throw new InvalidArgumentError(
      `--model ${model}: expected --backend ${MODELS[model].backends.join(' or ')} (the ${raw.backend} backend does not train it${model === 'cnn' ? '; the tfjs cnn is far too slow in Node without tfjs-node' : ''})`,
    );
  }
  if (suite.needsData && raw.data === undefined && !raw.quick) {
    throw new InvalidArgumentError(
      `--suite ${raw.suite}: expected --data DIR with the full Fashion-MNIST (e.g. /usr/share/datasets/fashion-mnist), got none (only --quick runs it on the shipped subset)`,
    );
  }
  const budget = raw.quick
    ? BUDGETS.quick
    : raw.backend === 'onnxruntime'
      ? (suite.budget ?? BUDGETS.onnxruntime)
      : BUDGETS[raw.backend];
  const iterations = raw.iters ?? budget.iterations;
  const evalEvery =
    raw.evalEvery ??
    (raw.iters === undefined ? budget.evalEvery : Math.max(1, Math.round(iterations / 30)));
  const path = (value: string) => (isAbsolute(value) ? value : resolve(base, value));
  return {
    backend: raw.backend,
    model,
    dataDir: raw.data === undefined ? undefined : path(raw.data),
    policies: (raw.policies ?? suite.policies).map((entry) =>
      entry.endsWith('.json') || entry.includes('/') ? path(entry) : entry,
    ),
    iterations,
    seeds: raw.seeds ?? budget.seeds,
    batchSize: raw.batchSize,
    evalEvery: Math.min(evalEvery, iterations),
    out: path(raw.out),
    quick: raw.quick === true,
    workers: raw.workers,
    momentum: PROTOCOL_DEFAULTS.momentum,
    grid: [
      ...(raw.grid ??
        (raw.quick ? PROTOCOL_DEFAULTS.quickGrid : (suite.grid ?? PROTOCOL_DEFAULTS.grid))),
    ].sort((a, b) => a - b),
    cycles: raw.cycles,
    validationSize: raw.quick
      ? PROTOCOL_DEFAULTS.quickValidationSize
      : PROTOCOL_DEFAULTS.validationSize,
    rangeTest: raw.quick ? PROTOCOL_DEFAULTS.quickRangeTest : PROTOCOL_DEFAULTS.rangeTest,
    boundsFrom: raw.bounds,
    tuningSeed: PROTOCOL_DEFAULTS.tuningSeed,
    splitSeed: PROTOCOL_DEFAULTS.splitSeed,
    shard: raw.shard,
  };
}

/** Parses argv (node, script, ...flags) into a config. Exits with a message on bad flags. */
export function parseArgs(argv: readonly string[], base: string): BenchConfig {
  const command = benchCommand();
  command.parse(argv as string[]);
  try {
    return resolveConfig(command.opts<RawOptions>(), base);
  } catch (error) {
    return command.error(`error: ${(error as Error).message}`);
  }
}

/** `bench merge DIR... [--out DIR] [--data DIR]`: one report from the shards' stores. */
export interface MergeArgs {
  readonly dirs: string[];
  readonly out: string;
  readonly dataDir: string | undefined;
}

export function mergeCommand(): Command {
  return new Command('cyclr-bench merge')
    .description(
      'Builds one report from the trial stores of bench runs (e.g. the --shard i/n runs of one command); trains nothing, fails naming any run no shard stored.',
    )
    .argument('<dirs...>', 'the --out directories of the shards')
    .option('--out <dir>', 'output directory of the merged report', PROTOCOL_DEFAULTS.out)
    .option(
      '--data <dir>',
      'where the Fashion-MNIST files are on this machine (default: as the shards had it)',
    )
    .showHelpAfterError();
}

export function parseMergeArgs(argv: readonly string[], base: string): MergeArgs {
  const command = mergeCommand();
  command.parse(argv as string[]);
  const options = command.opts<{ out: string; data?: string }>();
  const path = (value: string) => (isAbsolute(value) ? value : resolve(base, value));
  return {
    dirs: command.processedArgs[0] ? (command.processedArgs[0] as string[]).map(path) : [],
    out: path(options.out),
    dataDir: options.data === undefined ? undefined : path(options.data),
  };
}
