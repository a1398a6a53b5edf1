import { parentPort, workerData } from 'node:worker_threads';
import { disposeBackends, type Job, type JobEnv, JobStoppedError, runJob } from './jobs.js';

/** Messages from the pool to a worker. */
export type ToWorker =
  | { readonly type: 'job'; readonly id: number; readonly job: Job }
  | { readonly type: 'abort' }
  | { readonly type: 'exit' };

/** Messages from a worker to the pool. */
export type FromWorker =
  | { type: 'progress'; id: number; done: number; total: number; accuracy: number | undefined }
  | { type: 'done'; id: number; outcome: unknown }
  | { type: 'error'; id: number; message: string; stack: string | undefined };

const port = parentPort;
if (port) {
  const env = workerData as JobEnv;
  // Killing a worker inside a native onnxruntime call aborts the whole process, so a stop is
  // cooperative: the running job ends before its next step and frees its session.
  let aborted = false;
  let current: Promise<unknown> = Promise.resolve();
  port.on('message', async (message: ToWorker) => {
    if (message.type === 'abort') {
      aborted = true;
      return;
    }
    if (message.type === 'exit') {
      await current.catch(() => undefined);
      await disposeBackends();
      port.close();
      return;
    }
    const { id, job } = message;
    const run = runJob(
      env,
      job,
      (done, total, accuracy) => {
        if (aborted) throw new JobStoppedError();
        port.postMessage({ type: 'progress', id, done, total, accuracy } satisfies FromWorker);
      },
      () => aborted,
    );
    current = run;
    try {
      const outcome = await run;
      port.postMessage({ type: 'done', id, outcome } satisfies FromWorker);
    } catch (error) {
      const { message: text, stack } = error as Error;
      port.postMessage({ type: 'error', id, message: String(text), stack } satisfies FromWorker);
    }
  });
}
