// Ctrl-C reaches a running job before its next step, not at its next progress report (every 25
// steps): a worker is never terminated while a slow model (the paper suite's ResNet, ~0.3 s a
// step) is still inside a native onnxruntime call, which aborted the whole process (exit 134).

import { describe, expect, it } from 'vitest';
import { PROTOCOL_DEFAULTS } from '../config.js';
import { disposeBackends, type JobEnv, JobStoppedError, runJob } from '../jobs.js';

const env: JobEnv = {
  backend: 'onnxruntime',
  model: 'mlp',
  dataDir: undefined,
  batchSize: PROTOCOL_DEFAULTS.batchSize,
  validationSize: PROTOCOL_DEFAULTS.quickValidationSize,
  splitSeed: PROTOCOL_DEFAULTS.splitSeed,
};

describe('stopping a job', () => {
  it('a train job stops before the step after the stop (real onnxruntime training)', async () => {
    let asked = 0;
    const progress: number[] = [];
    const run = runJob(
      env,
      {
        kind: 'train',
        spec: { policy: 'constant', lr: 0.05 },
        seed: 0,
        iterations: 1000,
        evalEvery: 500,
        evalOn: 'validation',
        momentum: PROTOCOL_DEFAULTS.momentum,
      },
      (done) => void progress.push(done),
      () => ++asked > 30,
    );
    await expect(run).rejects.toBeInstanceOf(JobStoppedError);
    // Asked once before each step: 30 steps ran, the 31st was refused (a check only at progress
    // reports would have run to step 50).
    expect(asked).toBe(31);
    expect(progress).toEqual([25]);
    await disposeBackends();
  });
});
