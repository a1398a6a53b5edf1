import { performance } from 'node:perf_hooks';
import { fromSpec, type PolicySpec } from '@cyclr/core';
import { batchSampler } from '@cyclr/datasets';
import { bounds, type LrBounds, type RangeTestData, rangeTest } from '@cyclr/rangefinder';
import { createBackend } from './backends/index.js';
import type { Backend, BackendName, ModelName } from './backends/types.js';
import { type BenchData, loadBenchData } from './data.js';

/** What every job of one bench shares: the backend, the model and the data. */
export interface JobEnv {
  readonly backend: BackendName;
  readonly model: ModelName;
  readonly dataDir: string | undefined;
  readonly batchSize: number;
  readonly validationSize: number;
  readonly splitSeed: number;
}

/** Train one policy from one seed for a budget, measuring accuracy along the way. */
export interface TrainJob {
  readonly kind: 'train';
  readonly spec: PolicySpec;
  readonly seed: number;
  readonly iterations: number;
  readonly evalEvery: number;
  /** Tuning runs are measured on the validation split, final runs on the test set. */
  readonly evalOn: 'validation' | 'test';
  /**
   * Also measure the test set once at the end (tuning runs: the compute frontier reports the
   * test accuracy of the model a grid search would keep).
   */
  readonly testAtEnd?: boolean;
  /** Momentum when the policy does not cycle it. */
  readonly momentum: number;
}

/** An LR range test from one seed. */
export interface RangeTestJob {
  readonly kind: 'rangeTest';
  readonly seed: number;
  readonly momentum: number;
  readonly startLr: number;
  readonly endLr: number;
  readonly steps: number;
  /**
   * `"accuracy"`: Smith's test (CLR paper, 3.3), validation accuracy measured every
   * `evaluateEvery` steps, baseLr where it starts to rise, maxLr where it stops rising.
   * `"loss"`: @cyclr/rangefinder's default `bounds()` on the loss curve.
   */
  readonly boundsFrom: 'accuracy' | 'loss';
  readonly evaluateEvery: number;
}

export type Job = TrainJob | RangeTestJob;

export interface TrainOutcome {
  readonly kind: 'train';
  /** [iteration, accuracy] at 0, every evalEvery iterations and at the end. */
  readonly curve: [number, number][];
  readonly finalAccuracy: number;
  /** Mean wall time of one optimizer update (the backend's step call). */
  readonly msPerStep: number;
  /** Iteration at which the loss became NaN/infinite, if it did (training stops there). */
  readonly divergedAt: number | undefined;
  /** Test accuracy at the end, when the job asked for it (`testAtEnd`). */
  readonly finalTestAccuracy?: number;
}

export interface RangeTestOutcome {
  readonly kind: 'rangeTest';
  readonly data: RangeTestData;
  readonly bounds: LrBounds;
  /** Updates the test ran (its cost). */
  readonly iterations: number;
}

export type Outcome = TrainOutcome | RangeTestOutcome;

/** Called as a job advances: `done` of `total` iterations. */
export type ProgressFn = (done: number, total: number, accuracy?: number) => void;

const backends = new Map<string, Promise<Backend>>();

function backendFor(env: JobEnv): Promise<Backend> {
  let backend = backends.get(env.backend);
  if (!backend) {
    backend = createBackend(env.backend);
    backends.set(env.backend, backend);
  }
  return backend;
}

/** Releases the backends this thread created. */
export async function disposeBackends(): Promise<void> {
  for (const backend of backends.values()) await (await backend).dispose?.();
  backends.clear();
}

/**
 * Runs one job in this thread. Deterministic given the job and env: same inputs, same numbers.
 * `stopped` is asked before every training step (Ctrl-C): the job then throws, within one step,
 * so a stop never waits for the next progress report.
 */
export async function runJob(
  env: JobEnv,
  job: Job,
  onProgress: ProgressFn,
  stopped: () => boolean = () => false,
): Promise<Outcome> {
  const [backend, data] = await Promise.all([backendFor(env), loadBenchData(env)]);
  return job.kind === 'train'
    ? train(backend, data, env, job, onProgress, stopped)
    : runRangeTest(backend, data, env, job, onProgress);
}

/** What a job stopped by Ctrl-C throws (its partial result is never stored). */
export class JobStoppedError extends Error {
  constructor() {
    super('stopped');
  }
}

/** The batches and the freshly initialised model of one seed: what every job starts from. */
async function openRun(
  backend: Backend,
  data: BenchData,
  env: JobEnv,
  seed: number,
  momentum: number,
) {
  const sampler = batchSampler(data.train, { batchSize: env.batchSize, seed });
  const model = await backend.createModel({
    model: env.model,
    seed,
    batchSize: env.batchSize,
    inputShape: data.train.shape,
    classCount: data.train.classCount,
    momentum,
  });
  return { sampler, model };
}

async function train(
  backend: Backend,
  data: BenchData,
  env: JobEnv,
  job: TrainJob,
  onProgress: ProgressFn,
  stopped: () => boolean,
): Promise<TrainOutcome> {
  const schedule = fromSpec(job.spec);
  const evalSet = job.evalOn === 'test' ? data.test : data.validation;
  const { sampler, model } = await openRun(backend, data, env, job.seed, job.momentum);
  try {
    const training = model.train(schedule);
    const curve: [number, number][] = [[0, await model.accuracy(evalSet)]];
    let stepMs = 0;
    let divergedAt: number | undefined;
    for (let iteration = 0; iteration < job.iterations; iteration++) {
      if (stopped()) throw new JobStoppedError();
      const batch = sampler.batch(iteration);
      const start = performance.now();
      const loss = await training.step(batch, iteration);
      stepMs += performance.now() - start;
      const done = iteration + 1;
      if (!Number.isFinite(loss)) {
        // A diverged run stays diverged: record its (chance-level) accuracy for the rest.
        divergedAt = iteration;
        const accuracy = await model.accuracy(evalSet);
        for (let at = done; at <= job.iterations; at++) {
          if (at % job.evalEvery === 0 || at === job.iterations) curve.push([at, accuracy]);
        }
        onProgress(job.iterations, job.iterations, accuracy);
        return {
          kind: 'train',
          curve,
          finalAccuracy: accuracy,
          msPerStep: stepMs / done,
          divergedAt,
          ...(job.testAtEnd ? { finalTestAccuracy: await model.accuracy(data.test) } : {}),
        };
      }
      if (done % job.evalEvery === 0 || done === job.iterations) {
        const accuracy = await model.accuracy(evalSet);
        curve.push([done, accuracy]);
        onProgress(done, job.iterations, accuracy);
      } else if (done % 25 === 0) {
        onProgress(done, job.iterations);
      }
    }
    const finalAccuracy = (curve[curve.length - 1] as [number, number])[1];
    return {
      kind: 'train',
      curve,
      finalAccuracy,
      msPerStep: stepMs / job.iterations,
      divergedAt,
      ...(job.testAtEnd ? { finalTestAccuracy: await model.accuracy(data.test) } : {}),
    };
  } finally {
    await model.release();
  }
}

async function runRangeTest(
  backend: Backend,
  data: BenchData,
  env: JobEnv,
  job: RangeTestJob,
  onProgress: ProgressFn,
): Promise<RangeTestOutcome> {
  const { sampler, model } = await openRun(backend, data, env, job.seed, job.momentum);
  let iteration = 0;
  const trainer = model.rangeTestTrainer(
    () => sampler.batch(iteration++),
    () => model.accuracy(data.validation),
  );
  try {
    const result = await rangeTest(trainer, {
      startLr: job.startLr,
      endLr: job.endLr,
      steps: job.steps,
      ...(job.boundsFrom === 'accuracy' ? { evaluateEvery: job.evaluateEvery } : {}),
      onStep: ({ step }) => onProgress(step + 1, job.steps),
    });
    onProgress(job.steps, job.steps);
    return {
      kind: 'rangeTest',
      data: result.toJSON(),
      bounds: bounds(result, { from: job.boundsFrom }),
      iterations: result.stoppedAt,
    };
  } finally {
    trainer.dispose();
    await model.release();
  }
}
