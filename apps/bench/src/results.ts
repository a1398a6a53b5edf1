import type { PolicySpec } from '@cyclr/core';
import type { RangeTestData } from '@cyclr/rangefinder';
import type { PolicyKind } from './policies.js';

/** One training run, exactly the fields docs/architecture.md's "Bench results" contract lists. */
export interface RunRecord {
  readonly policy: string;
  readonly spec: PolicySpec;
  readonly backend: string;
  readonly dataset: string;
  readonly model: string;
  readonly seed: number;
  readonly iterations: number;
  /** [iteration, test accuracy in [0, 1]] from iteration 0 to the end. */
  readonly curve: [number, number][];
  readonly finalAccuracy: number;
  readonly msPerStep: number;
}

/** One point of the lr grid a baseline was tuned on. */
export interface GridPoint {
  readonly policy: string;
  readonly lr: number;
  /** Validation accuracy at the end of the budget. */
  readonly validationAccuracy: number;
  readonly diverged: boolean;
}

/** Per-policy figures over the seeds. */
export interface PolicySummary {
  readonly policy: string;
  readonly kind: PolicyKind;
  readonly spec: PolicySpec;
  /** Mean and sample standard deviation of the final test accuracy over seeds. */
  readonly finalMean: number;
  readonly finalStd: number;
  /** First evaluated iteration where the seed-mean test accuracy reaches the target; null if never. */
  readonly itersToTarget: number | null;
  /** The reference's own iterations to reach the target, divided by this policy's. */
  readonly speedup: number | null;
  /** Median over seeds of the mean time per optimizer update. */
  readonly msPerStep: number;
  /** Training iterations its tuning cost (grid runs, or the shared range test). */
  readonly tuningIterations: number;
}

/** The whole results.json: `runs` per docs/architecture.md, plus how they were produced and summarised. */
export interface BenchResults {
  readonly runs: RunRecord[];
  readonly protocol: {
    readonly backend: string;
    readonly backendDescription: string;
    readonly model: string;
    readonly dataset: string;
    readonly dataDir: string | null;
    readonly trainExamples: number;
    readonly validationExamples: number;
    readonly testExamples: number;
    readonly batchSize: number;
    readonly iterations: number;
    readonly epochs: number;
    readonly evalEvery: number;
    readonly seeds: number[];
    readonly momentum: number;
    readonly cycles: number;
    /** How the range test gave the cyclic policies' bounds. */
    readonly boundsFrom: 'accuracy' | 'loss';
    readonly grid: readonly number[];
    readonly tuningSeed: number;
    readonly rules: { readonly policy: string; readonly kind: PolicyKind; readonly rule: string }[];
    readonly quick: boolean;
    readonly workers: number;
  };
  readonly rangeTest: {
    readonly seed: number;
    readonly iterations: number;
    readonly bounds: { readonly baseLr: number; readonly maxLr: number };
    readonly result: RangeTestData;
  } | null;
  readonly tuning: {
    readonly grid: GridPoint[];
    /** The lr chosen for each baseline. */
    readonly chosen: Record<string, number>;
  };
  readonly summary: {
    /** The best baseline by final mean test accuracy, whose accuracy is the target. */
    readonly reference: {
      readonly policy: string;
      readonly finalMean: number;
      readonly itersToTarget: number | null;
    } | null;
    readonly policies: PolicySummary[];
  };
  readonly meta: {
    readonly date: string;
    readonly command: string;
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly wallSeconds: number;
  };
}
