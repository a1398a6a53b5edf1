import type { ModelName } from './backends/types.js';
import { DEFAULT_POLICIES } from './config.js';

/** A preset of `--suite`: the model, policies and budget; explicit flags override each. */
export interface Suite {
  readonly description: string;
  readonly model: ModelName;
  readonly policies: readonly string[];
  /** The ONNX budget (tfjs keeps its own); undefined = the default budget. */
  readonly budget?: {
    readonly iterations: number;
    readonly seeds: number;
    readonly evalEvery: number;
  };
  /** The baselines' lr grid; undefined = the default grid. */
  readonly grid?: readonly number[];
  /** Needs `--data` (the full set), except with --quick. */
  readonly needsData: boolean;
}

export type SuiteName = 'default' | 'paper';

export const SUITES: Readonly<Record<SuiteName, Suite>> = {
  default: {
    description: 'the fast MLP suite (< 5 min on 2 idle cores)',
    model: 'mlp',
    policies: DEFAULT_POLICIES,
    needsData: false,
  },
  // Issue 11: the CLR paper's question on the kind of network 1cycle's evidence is on: 400
  // steps (0.9 epochs) so that 28 grid runs + 24 final runs fit in about an hour on 2 busy cores.
  // The grid reaches 1.0: on this BN net a grid capped at 0.2 left exponential and cosine at its
  // edge (first run, 2 December 2026), which would have under-tuned the baselines.
  paper: {
    description:
      'the small BN ResNet on full Fashion-MNIST, 8 policies x 3 seeds (~30 min on 2 cores)',
    model: 'resnet',
    policies: DEFAULT_POLICIES,
    budget: { iterations: 400, seeds: 3, evalEvery: 50 },
    grid: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
    needsData: true,
  },
};
