import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BackendName } from './backends/types.js';
import type { Job, JobEnv, Outcome, ProgressFn } from './jobs.js';
import type { Executor } from './pool.js';
import { type TrialStore, trialKey } from './store.js';

/**
 * Bumped whenever a change to the bench's code changes what a job computes (the training loop,
 * a model definition, the evaluation), so that results of older code are never reused.
 */
export const TRIAL_CODE_VERSION = 1;

const require = createRequire(import.meta.url);

function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

const LIBRARIES: Record<BackendName, readonly string[]> = {
  onnxruntime: ['@cyclr/onnxruntime', 'onnxruntime-node'],
  tfjs: ['@cyclr/tfjs', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
};

/** The data a run sees: the shipped subset (by package version), or the files' contents. */
async function dataIdentity(dataDir: string | undefined): Promise<unknown> {
  if (dataDir === undefined) {
    return { dataset: 'fashion-mnist-subset', '@cyclr/datasets': versionOf('@cyclr/datasets') };
  }
  // By content, not path or mtime: shards on other machines mount the same files elsewhere.
  const files: Record<string, string> = {};
  for (const name of (await readdir(dataDir)).sort()) {
    if (!/-ubyte(\.gz)?$/.test(name)) continue;
    files[name] = createHash('sha256')
      .update(await readFile(join(dataDir, name)))
      .digest('hex');
  }
  return { dataset: 'fashion-mnist', files };
}

/**
 * Everything a job's outcome depends on besides the job itself: backend and library versions,
 * model, data, batch size, validation split, and the bench's own code version.
 */
export async function trialIdentity(env: JobEnv): Promise<unknown> {
  return {
    code: TRIAL_CODE_VERSION,
    versions: Object.fromEntries(
      ['@cyclr/core', '@cyclr/rangefinder', ...LIBRARIES[env.backend]].map((name) => [
        name,
        versionOf(name),
      ]),
    ),
    backend: env.backend,
    model: env.model,
    data: await dataIdentity(env.dataDir),
    batchSize: env.batchSize,
    validationSize: env.validationSize,
    splitSeed: env.splitSeed,
  };
}

/** Counts of a run against the store. */
export interface TrialCounts {
  /** Runs found in the store, not recomputed. */
  resumed: number;
  /** Runs computed now (and stored). */
  computed: number;
}

/** An executor that reads finished runs from the store and stores every run it computes. */
export interface StoredExecutor extends Executor {
  readonly counts: TrialCounts;
  /** Whether this job's outcome is already stored. */
  has(job: Job): boolean;
}

/** Raised by an offline store (`bench merge`) for a run no shard stored. */
export class MissingTrialError extends Error {}

/**
 * Wraps `inner` with the store: a job whose key is stored returns its stored outcome; any other
 * runs on `inner` (or, `offline`, fails with {@link MissingTrialError}) and is written to the
 * store the moment it ends.
 */
export function storedExecutor(
  inner: Executor,
  store: TrialStore,
  identity: unknown,
  options: { readonly offline?: boolean } = {},
): StoredExecutor {
  const counts: TrialCounts = { resumed: 0, computed: 0 };
  return {
    counts,
    has: (job) => store.get(trialKey(identity, job)) !== undefined,
    async run<T extends Outcome>(job: Job, onProgress: ProgressFn): Promise<T> {
      const key = trialKey(identity, job);
      const stored = store.get(key);
      if (stored) {
        counts.resumed++;
        return stored.outcome as T;
      }
      if (options.offline) {
        throw new MissingTrialError(
          `no stored run for ${describeJob(job)} (key ${key.slice(0, 12)}); did every shard finish?`,
        );
      }
      const outcome = await inner.run<T>(job, onProgress);
      await store.put({ key, identity, job, outcome });
      counts.computed++;
      return outcome;
    },
    abort: () => inner.abort(),
    close: async () => {
      await store.flush();
      await inner.close();
    },
  };
}

function describeJob(job: Job): string {
  return job.kind === 'rangeTest'
    ? `the range test (seed ${job.seed})`
    : `${job.spec.policy} seed ${job.seed} on the ${job.evalOn} set`;
}
