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
  // Issue 11: the CLR paper's question on the kind of network 1cycle's evidence is on. Budget
  // from one 20-step measurement (263 ms/step on a busy 2-core machine; an idle one is expected
  // near 150 ms): 20 grid runs + 24 final runs of 400 steps, test evaluations of the 10k test set
  // every 50, aimed at ~30 minutes on 2 idle cores. Not yet run in full.
  paper: {
    description:
      'the small BN ResNet on full Fashion-MNIST, 8 policies x 3 seeds (~30 min on 2 cores)',
    model: 'resnet',
    policies: DEFAULT_POLICIES,
    budget: { iterations: 400, seeds: 3, evalEvery: 50 },
    needsData: true,
  },
};
