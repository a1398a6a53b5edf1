import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BUDGETS, PROTOCOL_DEFAULTS } from '../config.js';
import {
  disposeBackends,
  type JobEnv,
  type RangeTestOutcome,
  runJob,
  type TrainOutcome,
} from '../jobs.js';
import { BENCH_POLICIES } from '../policies.js';

// What `--backend tfjs --quick` runs: the quick validation split, range test and budget.
const env: JobEnv = {
  backend: 'tfjs',
  model: 'mlp',
  dataDir: undefined,
  batchSize: PROTOCOL_DEFAULTS.batchSize,
  validationSize: PROTOCOL_DEFAULTS.quickValidationSize,
  splitSeed: PROTOCOL_DEFAULTS.splitSeed,
};
const { iterations, evalEvery } = BUDGETS.quick;

/** Runs a job, sampling tf.memory().numTensors at every progress report. */
async function sampled<T>(job: Parameters<typeof runJob>[1]) {
  const counts: number[] = [];
  const outcome = (await runJob(env, job, () => {
    counts.push(tf.memory().numTensors);
  })) as T;
  return { outcome, counts };
}

describe('--backend tfjs --quick (real TensorFlow.js, wasm)', () => {
  it('holds a flat number of tensors across the range test and training, and trains', async () => {
    const before = tf.memory().numTensors;
    const range = await sampled<RangeTestOutcome>({
      kind: 'rangeTest',
      seed: PROTOCOL_DEFAULTS.tuningSeed,
      momentum: PROTOCOL_DEFAULTS.momentum,
      boundsFrom: 'loss',
      ...PROTOCOL_DEFAULTS.quickRangeTest,
    });
    // One report per step, the same count at each (a snapshot/restore or rate write that leaked
    // would add tensors every step), then one after the final restore, back to the state before
    // the first step (no momentum slots yet: 4 tensors fewer for this 2-layer MLP).
    const steps = range.counts.slice(0, -1);
    expect(steps.length).toBeGreaterThan(20);
    expect(new Set(steps)).toEqual(new Set([steps[0]]));
    expect(range.counts.at(-1)).toBe((steps[0] as number) - 4);
    const afterRange = tf.memory().numTensors;
    expect(afterRange).toBe(before);
    const bounds = range.outcome.bounds;
    expect(bounds.maxLr).toBeGreaterThan(bounds.baseLr);

    // oneCycle cycles momentum too: both hyper-parameters are written every step.
    const oneCycle = BENCH_POLICIES.get('oneCycle');
    const train = await sampled<TrainOutcome>({
      kind: 'train',
      spec: oneCycle?.spec({ iterations, cycles: 3, bounds }) ?? { policy: 'oneCycle' },
      seed: 0,
      iterations,
      evalEvery,
      evalOn: 'test',
      momentum: PROTOCOL_DEFAULTS.momentum,
    });
    expect(train.counts.length).toBeGreaterThanOrEqual(iterations / 25);
    expect(new Set(train.counts)).toEqual(new Set([train.counts[0]]));
    expect(tf.memory().numTensors).toBe(before);
    expect(train.outcome.divergedAt).toBeUndefined();
    expect(train.outcome.finalAccuracy).toBeGreaterThan(0.6);
    await disposeBackends();
  });
});
