import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { describeBackend } from './backends/index.js';
import type { BenchConfig } from './config.js';
import { loadBenchData } from './data.js';
import type { JobEnv, RangeTestOutcome, TrainJob, TrainOutcome } from './jobs.js';
import { iterationsToReach, mean, meanCurve, median, std } from './metrics.js';
import { type BenchPolicy, resolvePolicies } from './policies.js';
import { type Executor, inlineExecutor, workerPool } from './pool.js';
import type { BenchUi } from './progress.js';
import { percent } from './report/format.js';
import type { BenchResults, GridPoint, PolicySummary, RunRecord } from './results.js';

/** Extra facts to record. */
export interface RunOptions {
  /** The command line that started the run, for the report. */
  readonly command?: string;
}

/**
 * The fair protocol:
 * 1. Carve a validation split from the training set; the test set is only used for reporting.
 * 2. Tune: one LR range test (tuning seed) gives the cyclic policies' bounds; each baseline's lr
 *    is the best of the grid by final validation accuracy (tuning seed, full budget). Both costs
 *    are counted in iterations.
 * 3. Train every policy from every seed for the same budget: seed s fixes the initial weights
 *    and the data order, identical across policies.
 * 4. Summarise over seeds against the best baseline.
 */
export async function runBench(
  config: BenchConfig,
  ui: BenchUi,
  options: RunOptions = {},
): Promise<BenchResults> {
  const started = performance.now();
  const policies = resolvePolicies(config.policies);
  const env: JobEnv = {
    backend: config.backend,
    model: config.model,
    dataDir: config.dataDir,
    batchSize: config.batchSize,
    validationSize: config.validationSize,
    splitSeed: config.splitSeed,
  };
  const data = await loadBenchData(env);
  const batchesPerEpoch = Math.floor(data.train.count / config.batchSize);
  ui.log(
    `cyclr bench: ${env.backend} ${config.model} on ${data.name} (train ${data.train.count}, validation ${data.validation.count}, test ${data.test.count})`,
  );
  ui.log(
    `budget ${config.iterations} iterations (${(config.iterations / batchesPerEpoch).toFixed(1)} epochs) x ${config.seeds} seeds, batch ${config.batchSize}, ${config.workers} worker(s)`,
  );

  const executor = config.workers > 1 ? workerPool(env, config.workers) : inlineExecutor(env);
  try {
    const tuned = await tune(config, policies, executor, ui);
    const runs = await trainAll(config, policies, tuned, executor, ui, data.name, env.backend);
    const summary = summarise(policies, runs, tuned);
    return {
      runs,
      protocol: {
        backend: env.backend,
        backendDescription: await describeBackend(env.backend),
        model: config.model,
        dataset: data.name,
        dataDir: config.dataDir ?? null,
        trainExamples: data.train.count,
        validationExamples: data.validation.count,
        testExamples: data.test.count,
        batchSize: config.batchSize,
        iterations: config.iterations,
        epochs: config.iterations / batchesPerEpoch,
        evalEvery: config.evalEvery,
        seeds: seedList(config),
        momentum: config.momentum,
        cycles: config.cycles,
        boundsFrom: config.boundsFrom,
        grid: config.grid,
        tuningSeed: config.tuningSeed,
        rules: policies.map(({ label, kind, rule }) => ({ policy: label, kind, rule })),
        quick: config.quick,
        workers: config.workers,
      },
      rangeTest: tuned.rangeTest
        ? {
            seed: config.tuningSeed,
            iterations: tuned.rangeTest.iterations,
            bounds: tuned.rangeTest.bounds,
            result: tuned.rangeTest.data,
          }
        : null,
      tuning: { grid: tuned.grid, chosen: tuned.chosen },
      summary,
      meta: {
        date: new Date().toISOString(),
        command: options.command ?? 'pnpm bench',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: cpus().length,
        wallSeconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    await executor.close();
  }
}

function seedList(config: BenchConfig): number[] {
  return Array.from({ length: config.seeds }, (_, seed) => seed);
}

interface Tuned {
  readonly rangeTest: RangeTestOutcome | undefined;
  readonly grid: GridPoint[];
  readonly chosen: Record<string, number>;
}

async function tune(
  config: BenchConfig,
  policies: readonly BenchPolicy[],
  executor: Executor,
  ui: BenchUi,
): Promise<Tuned> {
  const baselines = policies.filter((policy) => policy.kind === 'baseline');
  const needsRangeTest = policies.some((policy) => policy.kind === 'cyclic');
  ui.log(
    `tuning on the validation split: ${needsRangeTest ? `range test (${config.rangeTest.steps} steps max)` : 'no range test'}${baselines.length > 0 ? `, lr grid [${config.grid.join(', ')}] for ${baselines.map((policy) => policy.label).join(', ')}` : ''}`,
  );
  const rangeTest = needsRangeTest
    ? (() => {
        const progress = ui.job('range test', config.rangeTest.steps);
        return executor
          .run<RangeTestOutcome>(
            {
              kind: 'rangeTest',
              seed: config.tuningSeed,
              momentum: config.momentum,
              boundsFrom: config.boundsFrom,
              ...config.rangeTest,
            },
            (done) => progress.update(done),
          )
          .then((outcome) => {
            progress.finish(
              `${outcome.iterations} steps, ${outcome.data.reason}; maxLr ${outcome.bounds.maxLr.toPrecision(3)}, baseLr ${outcome.bounds.baseLr.toPrecision(3)}`,
            );
            return outcome;
          });
      })()
    : Promise.resolve(undefined);

  const gridRuns = baselines.flatMap((policy) =>
    config.grid.map(async (lr): Promise<GridPoint> => {
      const label = `tune ${policy.label} lr=${lr}`;
      const progress = ui.job(label, config.iterations);
      const job: TrainJob = {
        kind: 'train',
        spec: policy.spec({ lr, iterations: config.iterations, cycles: config.cycles }),
        seed: config.tuningSeed,
        iterations: config.iterations,
        evalEvery: config.iterations,
        evalOn: 'validation',
        momentum: config.momentum,
      };
      const outcome = await executor.run<TrainOutcome>(job, (done, _total, accuracy) =>
        progress.update(done, accuracy),
      );
      progress.finish(
        `validation ${percent(outcome.finalAccuracy)}${outcome.divergedAt === undefined ? '' : ` (diverged at ${outcome.divergedAt})`}`,
      );
      return {
        policy: policy.label,
        lr,
        validationAccuracy: outcome.finalAccuracy,
        diverged: outcome.divergedAt !== undefined,
      };
    }),
  );

  const [rangeTestOutcome, grid] = await Promise.all([rangeTest, Promise.all(gridRuns)]);
  const chosen: Record<string, number> = {};
  for (const policy of baselines) {
    const points = grid.filter((point) => point.policy === policy.label);
    // The first best: on a tie the smaller rate wins (grid is ascending).
    const best = points.reduce((a, b) => (b.validationAccuracy > a.validationAccuracy ? b : a));
    chosen[policy.label] = best.lr;
    const edge = best.lr === config.grid[0] || best.lr === config.grid[config.grid.length - 1];
    ui.log(
      `  ${policy.label}: lr ${best.lr} (validation ${percent(best.validationAccuracy)})${edge ? ' - at the edge of the grid' : ''}`,
    );
  }
  return { rangeTest: rangeTestOutcome, grid, chosen };
}

async function trainAll(
  config: BenchConfig,
  policies: readonly BenchPolicy[],
  tuned: Tuned,
  executor: Executor,
  ui: BenchUi,
  dataset: string,
  backend: string,
): Promise<RunRecord[]> {
  ui.log(
    `final runs: ${policies.length} policies x ${config.seeds} seeds, test accuracy every ${config.evalEvery} iterations`,
  );
  const jobs = policies.flatMap((policy) =>
    seedList(config).map(async (seed): Promise<RunRecord> => {
      const spec = policy.spec({
        iterations: config.iterations,
        cycles: config.cycles,
        ...(policy.kind === 'baseline' ? { lr: tuned.chosen[policy.label] } : {}),
        ...(policy.kind === 'cyclic' ? { bounds: tuned.rangeTest?.bounds } : {}),
      });
      const label = `${policy.label} seed ${seed}`;
      const progress = ui.job(label, config.iterations);
      const outcome = await executor.run<TrainOutcome>(
        {
          kind: 'train',
          spec,
          seed,
          iterations: config.iterations,
          evalEvery: config.evalEvery,
          evalOn: 'test',
          momentum: config.momentum,
        },
        (done, _total, accuracy) => progress.update(done, accuracy),
      );
      progress.finish(
        `test ${percent(outcome.finalAccuracy)}, ${outcome.msPerStep.toFixed(2)} ms/step${outcome.divergedAt === undefined ? '' : ` (diverged at ${outcome.divergedAt})`}`,
      );
      return {
        policy: policy.label,
        spec,
        backend,
        dataset,
        model: config.model,
        seed,
        iterations: config.iterations,
        curve: outcome.curve,
        finalAccuracy: outcome.finalAccuracy,
        msPerStep: outcome.msPerStep,
      };
    }),
  );
  return Promise.all(jobs);
}

/** Per-policy statistics and the comparison against the best baseline. */
export function summarise(
  policies: readonly BenchPolicy[],
  runs: readonly RunRecord[],
  tuned: Pick<Tuned, 'rangeTest' | 'grid'>,
): BenchResults['summary'] {
  const stats = policies.map((policy) => {
    const own = runs.filter((run) => run.policy === policy.label);
    const finals = own.map((run) => run.finalAccuracy);
    return {
      policy,
      own,
      curve: meanCurve(own.map((run) => run.curve)),
      finalMean: mean(finals),
      finalStd: std(finals),
    };
  });
  const baselines = stats.filter(({ policy }) => policy.kind === 'baseline');
  const best = baselines.reduce<(typeof stats)[number] | undefined>(
    (a, b) => (a === undefined || b.finalMean > a.finalMean ? b : a),
    undefined,
  );
  const target = best?.finalMean;
  const referenceIters =
    best && target !== undefined ? iterationsToReach(best.curve, target) : null;
  const gridCost = (label: string) =>
    tuned.grid.filter((point) => point.policy === label).length * (runs[0]?.iterations ?? 0);

  const summaries = stats.map(({ policy, own, curve, finalMean, finalStd }): PolicySummary => {
    const itersToTarget = target === undefined ? null : iterationsToReach(curve, target);
    return {
      policy: policy.label,
      kind: policy.kind,
      spec: (own[0] as RunRecord).spec,
      finalMean,
      finalStd,
      itersToTarget,
      speedup: itersToTarget && referenceIters ? referenceIters / itersToTarget : null,
      msPerStep: median(own.map((run) => run.msPerStep)),
      tuningIterations:
        policy.kind === 'baseline'
          ? gridCost(policy.label)
          : policy.kind === 'cyclic'
            ? (tuned.rangeTest?.iterations ?? 0)
            : 0,
    };
  });
  return {
    reference:
      best && target !== undefined
        ? { policy: best.policy.label, finalMean: target, itersToTarget: referenceIters }
        : null,
    policies: summaries,
  };
}
