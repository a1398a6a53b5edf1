import type { BackendName, ModelName } from './backends/types.js';
import type { Shard } from './shards.js';

/** Everything a bench run is parameterised by; `resolveConfig` fills it from the CLI flags. */
export interface BenchConfig {
  readonly backend: BackendName;
  readonly model: ModelName;
  /** Directory with the four IDX files; `undefined` = the subset shipped with @cyclr/datasets. */
  readonly dataDir: string | undefined;
  /** Policy names (registry names with a bench protocol) or paths of JSON spec files. */
  readonly policies: readonly string[];
  /** Iteration budget of every run (tuning runs and final runs alike). */
  readonly iterations: number;
  /** Seeds of the final runs: 0 .. seeds-1 (initial weights and data order). */
  readonly seeds: number;
  readonly batchSize: number;
  /** Test accuracy is measured every `evalEvery` iterations (and at 0 and at the end). */
  readonly evalEvery: number;
  readonly out: string;
  readonly quick: boolean;
  /** Worker threads running jobs in parallel; 1 runs them in this thread. */
  readonly workers: number;
  /** SGD momentum for policies that do not cycle it. */
  readonly momentum: number;
  /** Learning rates tried for each decay baseline (on the validation split). */
  readonly grid: readonly number[];
  /** Number of CLR cycles in the budget (stepSize = iterations / (2 * cycles)). */
  readonly cycles: number;
  /** Examples carved from the training set for tuning. */
  readonly validationSize: number;
  /** Range test: exponential sweep from startLr to endLr over `steps` updates. */
  readonly rangeTest: {
    readonly startLr: number;
    readonly endLr: number;
    readonly steps: number;
    /** Validation accuracy cadence (accuracy mode). */
    readonly evaluateEvery: number;
  };
  /** How the range test gives the bounds: Smith's accuracy test or the loss suggestion. */
  readonly boundsFrom: 'accuracy' | 'loss';
  /** Seed of the tuning runs (range test, grid); distinct from the final runs' seeds. */
  readonly tuningSeed: number;
  /** Seed of the train/validation split. */
  readonly splitSeed: number;
  /** `--shard i/n`: run only this shard's deterministic subset of the runs. */
  readonly shard: Shard | undefined;
}

/** The default policies of `pnpm bench` (issue 6). */
export const DEFAULT_POLICIES = [
  'constant',
  'step',
  'exponential',
  'cosine',
  'triangular',
  'triangular2',
  'expRange',
  'oneCycle',
] as const;

/** Budgets per backend: the ONNX MLP step is ~1-2 ms, tfjs (wasm/cpu) is 20-100x slower. */
export const BUDGETS = {
  onnxruntime: { iterations: 3000, seeds: 3, evalEvery: 100 },
  tfjs: { iterations: 400, seeds: 2, evalEvery: 20 },
  quick: { iterations: 120, seeds: 1, evalEvery: 40 },
} as const;

/** Defaults that do not depend on the backend. */
export const PROTOCOL_DEFAULTS = {
  batchSize: 128,
  momentum: 0.9,
  grid: [0.01, 0.02, 0.05, 0.1, 0.2],
  quickGrid: [0.03, 0.1],
  cycles: 3,
  validationSize: 2000,
  quickValidationSize: 500,
  rangeTest: { startLr: 1e-4, endLr: 10, steps: 300, evaluateEvery: 10 },
  quickRangeTest: { startLr: 1e-4, endLr: 10, steps: 60, evaluateEvery: 10 },
  boundsFrom: 'loss',
  tuningSeed: 1000,
  splitSeed: 0,
  out: 'bench-results',
} as const;
